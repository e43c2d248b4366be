import { lstatSync, readFileSync, realpathSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { formatProblems } from './format.js';
import { loadFlowFile } from './load.js';
import type { FlowSource, FlowStatus } from './source.js';
import type { Problem } from './types.js';

export interface FlowFileOptions {
  /** The flow file. */
  file: string;
  /** Values for `${VAR}` in the flow. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Reload when the file changes on disk; default true. */
  watch?: boolean;
  /** Quiet time after the last change before reloading (ms); default 150. */
  debounceMs?: number;
}

/** A flow source backed by a file, reloaded when the file changes. */
export interface FlowFileStore extends FlowSource {
  onChange(listener: (status: FlowStatus) => void): () => void;
  /** Loads the file now (what a change on disk triggers); returns the new status. */
  reload(): FlowStatus;
  /** Stops watching; the last flow keeps serving. */
  close(): void;
}

export type OpenResult = { ok: true; store: FlowFileStore } | { ok: false; problems: Problem[] };

/**
 * Loads the flow file and keeps serving it: each change on disk (an in-place save, or an
 * editor's write-to-temp-then-rename) is loaded after `debounceMs` of quiet. A valid file
 * replaces the flow in one assignment, so a request that already holds the old flow finishes
 * on it; an invalid one is logged with the full report and the last good flow keeps serving.
 * Fails only when the first load fails.
 */
export function openFlowFile(options: FlowFileOptions): OpenResult {
  const path = resolve(options.file);
  const first = loadFlowFile(path, options.env);
  if (!first.ok) return { ok: false, problems: first.problems };
  const file = fileName(path);
  let status: FlowStatus = Object.freeze({ flow: first.flow, file, loadedAt: new Date(), warnings: first.warnings, problems: [] });
  let lastText = readText(path);
  const listeners = new Set<(status: FlowStatus) => void>();
  const log = options.logger.child({ file });

  const reload = (): FlowStatus => {
    const text = readText(path);
    // Editors and `touch` fire events without changing a byte: nothing to do.
    if (text !== undefined && text === lastText) return status;
    lastText = text;
    const loaded = loadFlowFile(path, options.env);
    if (loaded.ok) {
      const previous = status.flow.version;
      status = Object.freeze({ flow: loaded.flow, file, loadedAt: new Date(), warnings: loaded.warnings, problems: [] });
      log.info('flow reloaded', { version: loaded.flow.version, previousVersion: previous, nodes: loaded.flow.nodes.size, warnings: loaded.warnings.length });
    } else {
      status = Object.freeze({ ...status, problems: loaded.problems });
      log.error('flow reload failed', {
        servingVersion: status.flow.version,
        problems: loaded.problems.length,
        report: formatProblems(loaded.problems),
      });
    }
    for (const listener of listeners) notify(listener, status, log);
    return status;
  };

  const watcher = options.watch === false ? undefined : watchFile(path, options.debounceMs ?? 150, reload, log);
  return {
    ok: true,
    store: {
      current: () => status.flow,
      status: () => status,
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      reload,
      close: () => watcher?.close(),
    },
  };
}

interface Watcher { close(): void }

/**
 * Watches the file's folder, not the file: an editor that saves by renaming a new file over
 * the old one would leave a watch on the file itself pointing at the deleted inode. When the
 * path is a symbolic link (a Kubernetes ConfigMap, a deploy tool's `current` link), the
 * target's folder is watched too, and any change in the link's folder counts (a ConfigMap
 * update swaps a `..data` link, not the file); after each reload the link is followed again,
 * so a retargeted link is watched where it now points. A reload that throws is logged: a
 * watcher's timer must never take the process down.
 */
function watchFile(path: string, debounceMs: number, onChange: () => void, log: Logger): Watcher {
  let timer: NodeJS.Timeout | undefined;
  /** Folder watched → the file name that matters there (null: any change). */
  const filters = new Map<string, string | null>();
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const run = (): void => {
    try {
      onChange();
    } catch (error) {
      log.error('flow reload failed', { error: error instanceof Error ? error.message : String(error) });
    }
    arm();
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  const arm = (): void => {
    if (closed) return;
    const wanted = new Map<string, string | null>([[dirname(path), isLink(path) ? null : basename(path)]]);
    const real = realPath(path);
    if (real !== undefined && real !== path && !wanted.has(dirname(real))) wanted.set(dirname(real), basename(real));
    for (const [folder, watcher] of watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    filters.clear();
    for (const [folder, name] of wanted) {
      filters.set(folder, name);
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: false }, (_event, changed) => {
          const name = filters.get(folder);
          // Some platforms do not say which file changed; then any change may be ours.
          if (name !== null && name !== undefined && changed !== null && changed !== name) return;
          schedule();
        });
        watcher.on('error', (error) => log.error('flow watch failed: changes to the file are no longer picked up', { folder, error: error.message }));
        watchers.set(folder, watcher);
      } catch (error) {
        log.error('flow watch failed: changes to the file are not picked up', { folder, error: (error as Error).message });
      }
    }
  };
  arm();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function notify(listener: (status: FlowStatus) => void, status: FlowStatus, log: Logger): void {
  try {
    listener(status);
  } catch (error) {
    log.error('flow change listener failed', { error: (error as Error).message });
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The name problems are reported under, as `loadFlowFile` does. */
function fileName(path: string): string {
  return relative(process.cwd(), path) || path;
}

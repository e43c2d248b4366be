/**
 * The do-not-call list, asked right before each dial: the server's (a file, one number a line,
 * re-read when it changes; or an endpoint) plus the campaign's own numbers.
 */
import { readFile, stat } from 'node:fs/promises';

export type DncVerdict = 'allowed' | 'blocked' | 'unknown';

export interface DncList {
  /** `unknown` when the list cannot be read right now: the dial waits rather than risk it. */
  check(number: string): Promise<DncVerdict>;
}

/**
 * `file`: E.164 numbers, one a line (`#` comments, blank lines ignored); re-read when its mtime
 * changes. `url`: GET `<url>?number=%2B1…` answering JSON `{"blocked": true|false}`.
 */
export function createDncList(options: { file?: string | undefined; url?: string | undefined; timeoutMs?: number }): DncList {
  let cache: { mtimeMs: number; numbers: Set<string> } | undefined;
  const fromFile = async (file: string): Promise<Set<string>> => {
    const { mtimeMs } = await stat(file);
    if (cache?.mtimeMs !== mtimeMs) {
      const text = await readFile(file, 'utf8');
      const numbers = new Set(text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').replace(/[\s()-]/g, '')).filter((l) => l !== '').map((l) => (l.startsWith('+') ? l : `+${l}`)));
      cache = { mtimeMs, numbers };
    }
    return cache.numbers;
  };
  return {
    async check(number) {
      try {
        if (options.file !== undefined && (await fromFile(options.file)).has(number)) return 'blocked';
        if (options.url !== undefined) {
          const url = new URL(options.url);
          url.searchParams.set('number', number);
          const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 3000) });
          if (!response.ok) return 'unknown';
          const body = (await response.json()) as { blocked?: unknown };
          if (typeof body.blocked !== 'boolean') return 'unknown';
          if (body.blocked) return 'blocked';
        }
        return 'allowed';
      } catch {
        return 'unknown';
      }
    },
  };
}

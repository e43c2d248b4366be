/**
 * Several flows on one server: the default flow (IVR_CONFIG, answered at /node/<id>) and named
 * flows (FLOWS_DIR, FLOWS), each answered at /flows/<name>/node/<id> and reloaded on its own.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { FlowSource } from './source.js';

/** A flow's name: its file's base name, lower-case letters, digits and dashes. */
export const FLOW_NAME = /^[a-z0-9-]{1,64}$/;

/** A named flow: where it comes from and where its `audio/…` files are. */
export interface NamedFlow { name: string; source: FlowSource; audioDir: string }

/** Every flow a server serves. Names are looked up in a Map, never in an object (`constructor` is no flow). */
export interface ServedFlows {
  /** The default flow: /node/<id>. */
  main: FlowSource;
  named: ReadonlyMap<string, NamedFlow>;
}

/** A flow file to serve under a name. */
export interface NamedFlowFile { name: string; file: string }

/** The request names a flow this server does not serve. */
export class UnknownFlow extends Error {
  override name = 'UnknownFlow';
  constructor(readonly flow: string, readonly known: readonly string[]) {
    super(`no flow named "${flow}" on this server; ${known.length === 0 ? 'it serves only its default flow (name none)' : `it serves ${known.map((n) => `"${n}"`).join(', ')} besides its default flow (name none for that one)`}`);
  }
}

/** The flow files named by FLOWS_DIR (every *.yaml / *.yml in it) and FLOWS (a comma list of files); throws a plain Error saying what is wrong. */
export function namedFlowFiles(options: { flowsDir: string | undefined; flowFiles: readonly string[] }): NamedFlowFile[] {
  const files: string[] = [...options.flowFiles.map((file) => resolve(file))];
  if (options.flowsDir !== undefined) {
    const dir = resolve(options.flowsDir);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (error) {
      throw new Error(`FLOWS_DIR ${options.flowsDir} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    files.push(...entries.filter((entry) => /\.ya?ml$/.test(entry)).sort().map((entry) => resolve(dir, entry)));
  }
  const byName = new Map<string, NamedFlowFile>();
  for (const file of files) {
    const name = basename(file, extname(file));
    if (!FLOW_NAME.test(name)) throw new Error(`${file}: a flow's file name gives its URL /flows/<name>/…, so it must be lower-case letters, digits and dashes (e.g. reminders.yaml), got "${name}"`);
    // Campaigns call the default flow "default".
    if (name === 'default') throw new Error(`${file}: "default" names the flow of IVR_CONFIG; rename this file`);
    const other = byName.get(name);
    if (other !== undefined && other.file !== file) throw new Error(`two flows are named "${name}": ${other.file} and ${file}; rename one`);
    byName.set(name, { name, file });
  }
  return [...byName.values()];
}

/** The flow `name` names (undefined: the default flow); throws UnknownFlow. */
export function flowNamed(flows: ServedFlows, name: string | undefined): FlowSource {
  if (name === undefined) return flows.main;
  const named = flows.named.get(name);
  if (named === undefined) throw new UnknownFlow(name, [...flows.named.keys()]);
  return named.source;
}

/** Where a flow's webhooks and audio live: PUBLIC_URL for the default flow, PUBLIC_URL/flows/<name> for a named one. Pure. */
export function flowBaseUrl(publicUrl: string, name: string | undefined): string {
  return name === undefined ? publicUrl : `${publicUrl}/flows/${encodeURIComponent(name)}`;
}

/** The answer URL of a flow (its entry node), for Plivo: PUBLIC_URL[/flows/<name>]/node/<entry>. Throws UnknownFlow. */
export function answerUrlFor(flows: ServedFlows, publicUrl: string, name: string | undefined): string {
  const entry = flowNamed(flows, name).current().entry;
  return `${flowBaseUrl(publicUrl, name)}/node/${encodeURIComponent(entry)}`;
}

/**
 * `npm run campaign -- <command>`:
 *   demo                              a 20-recipient campaign against Plivo's offline stand-in
 *   start <contacts.csv> [--flow <name>] [--name <text>] [--cps <n>]   upload a CSV to a running server
 *   status <id> [--watch]             a campaign's progress and results
 * Against a real server: --server (default $CAMPAIGN_SERVER or http://localhost:$PORT), with
 * $CALLS_API_TOKEN sent as the bearer token when set. Exit 0, 1 on a refusal, 2 on a usage mistake.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { startVoiceApiServer, type Callee } from '../emulator/voice-api-server.js';
import { createLogger } from '../log.js';
import { startServer } from '../http/server.js';
import { openCampaigns } from '../campaigns/open.js';
import { readSettings } from '../settings.js';

const HELP = `usage: npm run campaign -- <command> [options]

commands:
  demo                       run a 20-recipient campaign against Plivo's offline stand-in (no account needed)
  start <contacts.csv>       start a campaign on a running server from a CSV (header: number,timezone,<params>…)
  status <id>                show a campaign's progress and each recipient's outcome

options:
  --server <url>             the server (default $CAMPAIGN_SERVER, else http://localhost:$PORT or :3000)
  --flow <name>              start: the flow to run (default "default")
  --name <text>              start: a name for the campaign
  --cps <n>                  start: calls per second (default 2)
  --watch                    status: follow until the campaign is over
  -h, --help                 this help
The token in $CALLS_API_TOKEN is sent as Authorization: Bearer <token> when set.`;

interface View {
  id: string; name: string; status: string;
  progress: { total: number; byState: Record<string, number>; byOutcome: Record<string, number> };
  recipients?: { index: number; number: string; state: string; outcome?: string; attempts: number; history: string[]; lastNode?: string; detail?: string }[];
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: {
      server: { type: 'string' }, flow: { type: 'string' }, name: { type: 'string' }, cps: { type: 'string' }, watch: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, argument] = positionals;
  if (values.help === true || command === undefined) {
    process.stdout.write(`${HELP}\n`);
    return values.help === true ? 0 : 2;
  }
  const server = (values.server ?? process.env['CAMPAIGN_SERVER'] ?? `http://localhost:${process.env['PORT'] ?? '3000'}`).replace(/\/+$/, '');
  const token = process.env['CALLS_API_TOKEN'];
  switch (command) {
    case 'demo': return demo();
    case 'start': {
      if (argument === undefined) return usage('start needs a CSV file: npm run campaign -- start contacts.csv --flow default');
      const query = new URLSearchParams({ flow: values.flow ?? 'default', ...(values.name ? { name: values.name } : {}), ...(values.cps ? { callsPerSecond: values.cps } : {}) });
      let csv: string;
      try { csv = await readFile(argument, 'utf8'); } catch (error) { process.stderr.write(`cannot read ${argument}: ${(error as Error).message}\n`); return 1; }
      const created = await api<View>(server, token, `/campaigns?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
      if (created === undefined) return 1;
      process.stdout.write(`campaign ${created.id} started (${created.progress.total} recipients); status: npm run campaign -- status ${created.id}\n`);
      return (await follow(server, token, created.id)) ? 0 : 1;
    }
    case 'status': {
      if (argument === undefined) return usage('status needs a campaign id: npm run campaign -- status c0123456789abcdef');
      if (values.watch === true) return (await follow(server, token, argument)) ? 0 : 1;
      const view = await api<View>(server, token, `/campaigns/${encodeURIComponent(argument)}`);
      if (view === undefined) return 1;
      process.stdout.write(`${bar(view)}\n${results(view)}`);
      return 0;
    }
    default: return usage(`unknown command "${command}"`);
  }
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  return 2;
}

async function api<T>(server: string, token: string | undefined, path: string, init: RequestInit = {}): Promise<T | undefined> {
  try {
    const response = await fetch(`${server}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const body = (await response.json()) as T & { error?: string; detail?: string };
    if (!response.ok) {
      process.stderr.write(`${server}${path.split('?')[0] ?? ''}: ${response.status} ${body.error ?? ''}: ${body.detail ?? ''}\n`);
      return undefined;
    }
    return body;
  } catch (error) {
    process.stderr.write(`cannot reach ${server}: ${(error as Error).message} (is the server running? --server <url>)\n`);
    return undefined;
  }
}

/** Redraws the progress bar until the campaign is over; then prints each recipient's result. */
async function follow(server: string, token: string | undefined, id: string): Promise<boolean> {
  const tty = process.stdout.isTTY === true;
  let last = '';
  for (;;) {
    const view = await api<View>(server, token, `/campaigns/${encodeURIComponent(id)}`);
    if (view === undefined) return false;
    const line = bar(view);
    if (line !== last) process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    last = line;
    const open = (view.progress.byState['waiting'] ?? 0) + (view.progress.byState['dialing'] ?? 0) + (view.progress.byState['live'] ?? 0) + (view.progress.byState['uncertain'] ?? 0);
    if (view.status === 'completed' || view.status === 'cancelled' || (view.status !== 'running' && open === 0)) {
      process.stdout.write(`${tty ? '\n' : ''}${results(view)}`);
      return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function bar(view: View, width = 30): string {
  const { total, byState, byOutcome } = view.progress;
  const done = (byState['done'] ?? 0) + (byState['held'] ?? 0);
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const outcomes = Object.entries(byOutcome).filter(([, n]) => n > 0).map(([o, n]) => `${o} ${n}`).join(' · ');
  const live = (byState['dialing'] ?? 0) + (byState['live'] ?? 0);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${view.status}${live > 0 ? ` · ${live} in call` : ''}${outcomes === '' ? '' : ` · ${outcomes}`}`;
}

function results(view: View): string {
  const rows = (view.recipients ?? []).map((r) => {
    const story = r.history.length > 1 ? r.history.join(' → ') : (r.outcome ?? r.state);
    return `  ${r.number.padEnd(14)} ${story.padEnd(22)}${r.lastNode ? ` ended at ${r.lastNode}` : ''}${r.state === 'held' && r.detail ? ` (${r.detail})` : ''}`;
  });
  return rows.length === 0 ? '' : `${rows.join('\n')}\n`;
}

/** The stand-in, the server (examples/reminder.yaml, a fresh data file) and a 20-recipient campaign, all on this machine. */
async function demo(): Promise<number> {
  const authId = 'MADEMOCAMPAIGN000000';
  const authToken = 'demo-campaign-token-not-a-secret';
  const script: Callee[] = [
    { kind: 'person', keys: ['1'] }, { kind: 'person', keys: ['2'] }, { kind: 'machine' }, { kind: 'busy' }, { kind: 'no-answer' },
    { kind: 'person', keys: ['1'] }, { kind: 'person', keys: ['-', '1'] }, { kind: 'failed' }, { kind: 'person', keys: ['1'] }, { kind: 'machine' },
  ];
  // Busy and no-answer recipients pick up on their second try, so the retries show.
  const tries = new Map<string, number>();
  const plivo = await startVoiceApiServer({ authId, authToken, cps: 2, ringMs: 400, callee: (to) => {
    const n = (tries.get(to) ?? 0) + 1;
    tries.set(to, n);
    const planned = script[Number(to.slice(-2)) % script.length] ?? { kind: 'person' };
    return n > 1 && (planned.kind === 'busy' || planned.kind === 'no-answer') ? { kind: 'person', keys: ['1'] } : planned;
  } });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const settings = readSettings({
    PORT: String(port), PUBLIC_URL: url, IVR_CONFIG: resolve(import.meta.dirname, '../../examples/reminder.yaml'), LOG_LEVEL: 'error',
    DATA_FILE: join(mkdtempSync(join(tmpdir(), 'campaign-demo-')), 'demo.sqlite'),
    PLIVO_AUTH_ID: authId, PLIVO_AUTH_TOKEN: authToken, PLIVO_API_URL: plivo.url, PLIVO_FROM_NUMBER: '+14155550100',
  });
  const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });
  const serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: process.env, watch: false }, host: '127.0.0.1', campaigns: (flows, served) => openCampaigns({ settings: served, flows, logger }) });
  process.stdout.write(`server ${url} (examples/reminder.yaml), Plivo's stand-in ${plivo.url} at 2 calls/s\n`);
  const zones = ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney'];
  const recipients = Array.from({ length: 20 }, (_, i) => ({ number: `+1415555${String(200 + i).padStart(4, '0')}`, timezone: zones[i % zones.length] }));
  const created = await api<View>(url, undefined, '/campaigns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    name: 'demo', recipients, policy: { callsPerSecond: 2, maxInProgress: 6, window: { start: '00:00', end: '23:59' }, retryAfterSeconds: 2, maxAttempts: 2 },
  }) });
  let ok = false;
  if (created !== undefined) {
    process.stdout.write(`campaign ${created.id}: 20 recipients, 2 calls/s, at most 6 at once, busy and no-answer retried after 2 s\n`);
    ok = await follow(url, undefined, created.id);
  }
  await serving.stop();
  await plivo.settled();
  await plivo.close();
  return ok ? 0 : 1;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

process.exitCode = await main(process.argv.slice(2));

/**
 * `npm run calls -- show <id>`: one call's story (every step, what the caller pressed, what
 * Plivo was told, how it ended), found by CallUUID, request UUID or phone number.
 * `npm run calls -- live`: follows the calls in progress as they happen.
 * Asks the running server (--url, default PUBLIC_URL; DASHBOARD_TOKEN sent when set), or with
 * --data-file reads the database file directly (no server needed).
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/database.js';
import { eventStore } from '../events/store.js';
import { formatEvent, formatStory } from '../events/format.js';
import type { CallEvent } from '../events/types.js';

const USAGE = `usage: npm run calls -- show <CallUUID | request UUID | phone number> [--xml] [--json] [--url <server> | --data-file <file>]
       npm run calls -- live [--url <server>]

  show         every step of the call(s): keys pressed, decisions, how it ended (--xml: the XML served too)
  live         prints the steps of the calls in progress as they happen (Ctrl-C to stop)
  --url        the server to ask (default PUBLIC_URL, else http://localhost:$PORT); sends DASHBOARD_TOKEN if set
  --data-file  read this database file (DATA_FILE) instead of asking a server
  --json       the events as JSON
  -h, --help   this help`;

interface Story { callUuid: string; events: CallEvent[] }

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        xml: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        url: { type: 'string' },
        'data-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, id, ...extra] = positionals;
  const url = (values.url ?? process.env['PUBLIC_URL'] ?? `http://localhost:${process.env['PORT'] ?? '3000'}`).replace(/\/+$/, '');
  const headers: Record<string, string> = process.env['DASHBOARD_TOKEN'] ? { Authorization: `Bearer ${process.env['DASHBOARD_TOKEN']}` } : {};
  if (command === 'show' && id !== undefined && extra.length === 0) {
    const found = values['data-file'] !== undefined ? fromFile(values['data-file'], id) : await fromServer(url, id, headers);
    if (typeof found === 'string') {
      process.stderr.write(`${found}\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(found, null, 2)}\n` : `${found.map((s) => formatStory(s.callUuid, s.events, { xml: values.xml })).join('\n\n')}\n`);
    return 0;
  }
  if (command === 'live' && id === undefined) return live(url, headers, values.xml);
  process.stderr.write(`${command === undefined ? 'say what to do: show or live' : `cannot understand "${positionals.join(' ')}"`}\n${USAGE}\n`);
  return 2;
}

function fromFile(file: string, id: string): Story[] | string {
  const store = eventStore(openDatabase(file));
  const stories = store.find(id).map((callUuid) => ({ callUuid, events: store.call(callUuid) }));
  return stories.length > 0 ? stories : `no call found for "${id}" in ${file}`;
}

async function fromServer(url: string, id: string, headers: Record<string, string>): Promise<Story[] | string> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/calls/${encodeURIComponent(id)}`, { headers });
  } catch (error) {
    return `the server at ${url} does not answer (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}); start it, pass --url, or read the database with --data-file data/ivr.sqlite`;
  }
  const body = (await response.json().catch(() => ({}))) as { calls?: Story[]; detail?: string };
  if (!response.ok || body.calls === undefined) return `${url}: ${body.detail ?? `HTTP ${response.status}`}`;
  return body.calls;
}

async function live(url: string, headers: Record<string, string>, xml: boolean): Promise<number> {
  const response = await fetch(`${url}/api/calls/live`, { headers: { ...headers, Accept: 'text/event-stream' } }).catch((error: unknown) => error as Error);
  if (response instanceof Error || !response.ok || response.body === null) {
    process.stderr.write(`${url}: ${response instanceof Error ? `does not answer (${response.message})` : `HTTP ${response.status}`}\n`);
    return 1;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  const print = (events: readonly CallEvent[]): void => {
    for (const event of events) process.stdout.write(`${event.callUuid.slice(0, 8)} ${formatEvent(event, { xml }).join('\n')}\n`);
  };
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) continue;
      if (name === 'snapshot') {
        const calls = (JSON.parse(data) as { calls: Story[] }).calls;
        process.stdout.write(`${calls.length} call(s) on the live list\n`);
        for (const call of calls) print(call.events);
      } else if (name === 'events') print(JSON.parse(data) as CallEvent[]);
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

/**
 * `npm run simulate -- 1 2`: one call through the IVR with the local Plivo emulator, printed as
 * a transcript. Keys are one entry per menu (`-` or `timeout` for silence); with none, they are
 * asked for at a terminal, or read one line a menu from a pipe. Without --url it serves the flow
 * itself on a free port.
 */
import { text } from 'node:stream/consumers';
import { createInterface } from 'node:readline/promises';
import { AudioToolsMissing, renderCallAudio } from '../audio/call-audio.js';
import { formatTime, noteGatherTries, parseScriptEntry, runCall, scriptedCaller, type Caller, type DialOutcome, type GatherPrompt, type ListenPrompt, type TranscriptEvent } from '../emulator/index.js';
import { FlowError, startLocalServer } from '../http/server.js';
import { narrator, type FlowNodes } from '../web/narrate.js';
import { readArgs, runCli, UsageError } from './args.js';
import { startBackendFor } from '../../examples/backend/server.js';
import { readParams } from '../call/params.js';
import { instantOf } from '../data/hours.js';
import { loadFlowFile } from '../flow/load.js';
import type { Flow } from '../flow/types.js';
import { callUrls } from '../plivo/outbound.js';

const USAGE = `usage: npm run simulate -- [keys…] [options]

  keys                one entry per menu: 1, 2, 1234#, or - / timeout for silence; at a menu
                      that listens, say:"billing please" (add @0.4 for a confidence), or
                      several acts in order ('say:español;2'); without any, asked for at a
                      terminal, or read from a pipe one line a menu
                      (printf '1\\n1\\n' | npm run simulate; an empty line is silence)
  --dial OUTCOME      how the dialed party answers: answered (default), no-answer, busy, failed;
                      repeat or comma-separate for several dials
  --flow FILE         the flow to serve (default: $IVR_CONFIG or ivr.yaml)
  --url URL           call a running server instead: its base URL or full answer URL
  --from NUMBER       caller's number (default +14155550111)
  --to NUMBER         number called (default +14155550122)
  --at TIME           the time the call happens, for business hours and conditions: 2026-12-25T10:00
                      (in the flow's time zone; or with an offset, 2026-12-25T10:00-05:00)
  --param NAME=VALUE  a param the call is placed with (repeat for several), as POST /calls params
  --audio FILE        also write what the caller hears (.wav or .mp3; needs espeak-ng and sox)
  --json              print the transcript as JSON
  --quiet             print only the summary line
  --interactive       ask for each key at the terminal (default when no keys are given and
                      stdin is a terminal)
  -h, --help          this text

Exit code 0 when the call ended with a hang-up, 1 when it did not, 2 for a usage mistake.`;

const DIAL_OUTCOMES: readonly DialOutcome[] = ['answered', 'no-answer', 'busy', 'failed'];

async function main(): Promise<number> {
  const { values, positionals } = readArgs(USAGE, {
    dial: { type: 'string', multiple: true },
    flow: { type: 'string' },
    url: { type: 'string' },
    from: { type: 'string', default: '+14155550111' },
    to: { type: 'string', default: '+14155550122' },
    json: { type: 'boolean', default: false },
    audio: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    interactive: { type: 'boolean', default: false },
    at: { type: 'string' },
    param: { type: 'string', multiple: true },
  });
  const dials = (values.dial ?? []).flatMap((d) => d.split(',')).map((d) => d.trim());
  const unknownDial = dials.find((d) => !(DIAL_OUTCOMES as readonly string[]).includes(d));
  if (unknownDial !== undefined) throw new UsageError(`--dial takes ${DIAL_OUTCOMES.join(', ')}; got "${unknownDial}"`);

  const atTerminal = process.stdin.isTTY === true;
  const interactive = values.interactive || (positionals.length === 0 && atTerminal && process.env['CI'] === undefined);
  // Keys piped in (`printf '1\n1\n' | npm run simulate`) are read like keys typed at a terminal: one line a menu.
  const keys = positionals.length === 0 && !interactive && !atTerminal ? pipedKeys(await text(process.stdin)) : positionals;
  const flowFile = values.flow ?? process.env['IVR_CONFIG'] ?? 'ivr.yaml';
  const params = Object.fromEntries((values.param ?? []).map((pair) => {
    const equals = pair.indexOf('=');
    if (equals < 1) throw new UsageError(`--param takes name=value, got "${pair}"`);
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  }));
  // The example backend, in this process, when the flow's lookups point at it and it is not running.
  const loaded = values.url === undefined ? loadFlowFile(flowFile, process.env) : undefined;
  const backend = loaded?.ok === true ? await startBackendFor(lookupUrls(loaded.flow)) : undefined;
  const local = values.url === undefined ? await startLocalServer({ flowFile, env: process.env }) : undefined;
  let answerUrl = local?.answerUrl ?? (await remoteAnswerUrl(values.url ?? ''));
  if (local !== undefined && (values.param !== undefined || local.flows.current().data.params.size > 0)) {
    const flow = local.flows.current();
    const read = readParams(params, flow.data.params);
    if ('problems' in read) throw new UsageError(`the call's params: ${read.problems.join('; ')}`);
    answerUrl = callUrls(local.url, flow.entry, read.values).answerUrl;
  }
  const clock = values.at === undefined ? undefined : clockAt(values.at, loaded?.ok === true ? loaded.flow.data.timezone : 'UTC');
  const origin = new URL(answerUrl).origin;
  const show = (line: string): void => {
    if (!values.json && !values.quiet) process.stdout.write(`${line.split(origin).join('')}\n`);
  };

  const gathers: GatherPrompt[] = [];
  const scripted = interactive ? terminalCaller(dials) : untilKeysRunOut(scriptedCaller(keys, dials as DialOutcome[]), keys.length, () =>
    show(`         … no more keys given (${keys.length}): the caller stays silent from here, so each menu times out and the call ends after its last attempt`),
  );
  const caller = noteGatherTries(scripted, gathers);
  try {
    if (!values.json && !values.quiet) process.stdout.write(`☏ calling ${answerUrl}\n`);
    const view = (await fetch(`${origin}/api/flow`).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined)) as FlowNodes | undefined;
    const describe = narrator(view ?? { nodes: [] });
    const authToken = process.env['PLIVO_AUTH_TOKEN'];
    const transcript = await runCall({
      answerUrl,
      hangupUrl: `${origin}/hangup`,
      from: values.from,
      to: values.to,
      caller,
      onEvent: (event: TranscriptEvent) => show(`${formatTime(event.at)}  ${describe(event)}`),
      ...(authToken ? { authToken } : {}),
      ...(clock === undefined ? {} : { fetch: clock }),
    });
    if (values.audio !== undefined) {
      const audio = await renderCallAudio(transcript, {
        out: values.audio,
        gathers,
        fetchAudio: async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()),
      });
      process.stderr.write(`audio: ${values.audio} (${(audio.durationMs / 1000).toFixed(1)} s, ${audio.cues.length} cues)\n`);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(transcript, null, 2)}\n`);
    if (values.quiet) process.stdout.write(`${transcript.outcome} after ${formatTime(transcript.durationMs)}, ${transcript.requestCount} requests\n`);
    return transcript.outcome === 'hangup' || transcript.outcome === 'end-of-xml' ? 0 : 1;
  } finally {
    await local?.close();
    await backend?.close();
  }
}

/** The URLs the flow's lookups call (before their {{placeholders}} are filled). */
function lookupUrls(flow: Flow): string[] {
  return [...flow.nodes.values()].flatMap((node) => (node.type === 'lookup' ? [node.url] : []));
}

/**
 * A fetch that tells the server the call happens at `at` (plus the time the simulation has
 * run): the X-Ivr-Clock header, which the server honours only when it does not check Plivo's
 * signatures (local work). A time without an offset is read in the flow's time zone.
 */
function clockAt(at: string, timeZone: string): typeof fetch {
  const start = instantOf(at, timeZone);
  if (Number.isNaN(start)) throw new UsageError(`--at takes a date and time such as 2026-12-25T10:00, got "${at}"`);
  const began = Date.now();
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Ivr-Clock', new Date(start + (Date.now() - began)).toISOString());
    return fetch(input, { ...init, headers });
  };
}

/** `--url` as given when it names a node; otherwise the server's entry, asked of its /healthz. */
async function remoteAnswerUrl(url: string): Promise<string> {
  if (url.includes('/node/')) return url;
  const base = url.replace(/\/+$/, '');
  const health = (await fetch(`${base}/healthz`).then((r) => r.json()).catch(() => undefined)) as { entry?: unknown } | undefined;
  if (typeof health?.entry !== 'string') throw new UsageError(`could not ask ${base}/healthz for the entry node: give the full answer URL (${base}/node/<entry>)`);
  return `${base}/node/${encodeURIComponent(health.entry)}`;
}


/** Piped text → one entry a line (an empty line is silence); the final newline ends the last line. */
function pipedKeys(input: string): string[] {
  const lines = input.split(/\r?\n/).map((line) => line.trim());
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    try {
      parseScriptEntry(line);
    } catch {
      throw new UsageError(`piped keys: "${line}" is neither phone keys (0-9, *, #), say:"words", nor "-"/"timeout" or an empty line for silence`);
    }
  }
  return lines.map((line) => (line === '' ? '-' : line));
}

/** `caller`, calling `ranOut` once, at the first menu (keypad or listening) after the `count` scripted entries. */
function untilKeysRunOut(caller: Caller, count: number, ranOut: () => void): Caller {
  let asked = 0;
  const ask = (): void => {
    asked += 1;
    if (asked === count + 1) ranOut();
  };
  const listen = caller.listen;
  return {
    ...caller,
    gather: (prompt) => {
      ask();
      return caller.gather(prompt);
    },
    ...(listen === undefined
      ? {}
      : {
          listen: (prompt: ListenPrompt) => {
            ask();
            return listen.call(caller, prompt);
          },
        }),
    dial: (request) => caller.dial(request),
  };
}

/** A caller at the keyboard: each menu waits for keys (or, where it listens, words) and Enter (Enter alone is silence). */
function terminalCaller(dials: string[]): Caller {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const queue = [...dials];
  return {
    gather: async (prompt) => {
      const keys = (await rl.question(`   ⌨  keys (Enter = silence, ${prompt.timeoutSeconds}s on a real phone)> `)).trim();
      return keys === '' ? null : keys.replace(/[^0-9*#]/g, '') || null;
    },
    listen: async (prompt) => {
      const what = prompt.inputType === 'speech' ? 'words' : 'keys or words';
      const answer = (await rl.question(`   🗣  ${what} in ${prompt.language} (Enter = silence, ${prompt.executionTimeoutSeconds}s on a real phone)> `)).trim();
      if (answer === '') return [];
      return /^[0-9*#]+$/.test(answer) ? [{ type: 'dtmf', keys: answer }] : [{ type: 'speech', text: answer.replace(/^say:/, '') }];
    },
    dial: async (request) => {
      const planned = queue.shift();
      if (planned !== undefined) return planned as DialOutcome;
      const answer = (await rl.question(`   ☎  ${request.numbers.join(', ')} rings: [a]nswered, [n]o answer, [b]usy, [f]ailed? `)).trim().toLowerCase();
      return answer.startsWith('n') ? 'no-answer' : answer.startsWith('b') ? 'busy' : answer.startsWith('f') ? 'failed' : 'answered';
    },
  };
}

runCli('simulate', USAGE, main, (error) => {
  if (error instanceof FlowError) return `${error.message}\nthe flow does not load: nothing to simulate.`;
  if (error instanceof AudioToolsMissing) return error.message;
  return undefined;
});

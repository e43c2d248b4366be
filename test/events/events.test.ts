import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent, WebhookEvent } from '../../src/events/types.js';
import { call, callWith, hangsUpAfter, servePinFlow, until } from './helpers.js';

/** A step as a test reads it: node, what the caller did, what was decided. */
function steps(events: readonly CallEvent[]): string[] {
  return events.map((e) => {
    if (e.kind === 'hangup') return 'hangup';
    if (e.kind !== 'webhook') return e.kind;
    const input = e.input.kind === 'keys' ? `keys ${e.input.digits}` : e.input.kind === 'transfer' ? `transfer ${e.input.status}` : e.input.kind;
    const d = e.decision;
    const decision = d.kind === 'goto' ? `goto ${d.target}` : d.kind === 'retry' || d.kind === 'give-up' ? `${d.kind} ${d.reason}${d.target ? ` ${d.target}` : ''}` : d.kind;
    return `${e.node}: ${input} → ${decision}`;
  });
}

describe('call events', () => {
  it('records every step of an emulated call, in order, with its decision and the XML served', async (t) => {
    const server = await servePinFlow(t);
    const transcript = await call(server, ['1', '73915#']);
    await until(async () => (await server.events.story(transcript.callUuid))[0]?.events.some((e) => e.kind === 'hangup') === true, 'the hangup event');
    const [story] = await server.events.story(transcript.callUuid);
    assert.ok(story);
    assert.deepEqual(steps(story.events), [
      'main: arrive → enter',
      'main: keys 1 → goto pin',
      'pin: keys ••• → goto confirm',
      'bye: arrive → enter',
      'hangup',
    ]);
    const webhooks = story.events.filter((e): e is WebhookEvent => e.kind === 'webhook');
    assert.deepEqual(webhooks.map((e) => e.served), ['main', 'pin', 'confirm', 'bye']);
    assert.ok(webhooks.every((e) => e.flowVersion === server.flows.current().version && e.xml.startsWith('<Response>') && e.durationUs > 0));
    assert.equal(webhooks[0]?.from, '14155550111', 'From as Plivo sends it');
    assert.match(webhooks[1]?.xml ?? '', /Enter your PIN/);
    // The PIN is spoken back in the XML served; the event shows it masked.
    assert.match(webhooks[2]?.xml ?? '', /Your PIN ••• is noted/);
    assert.ok(story.events.at(-1)?.kind === 'hangup');
  });

  it('finds a call by CallUUID, by request UUID and by phone number, over HTTP', async (t) => {
    const server = await servePinFlow(t);
    const first = await call(server, ['2'], ['answered'], '+14155550177');
    await call(server, ['9', '-'], [], '+14155550188');
    await until(async () => (await server.events.story(first.callUuid))[0]?.events.at(-1)?.kind === 'hangup', 'the first call to end');
    const byUuid = (await (await fetch(`${server.url}/api/calls/${first.callUuid}`)).json()) as { calls: { callUuid: string; events: CallEvent[] }[] };
    assert.deepEqual(byUuid.calls.map((c) => c.callUuid), [first.callUuid]);
    assert.deepEqual(steps(byUuid.calls[0]?.events ?? []), ['main: arrive → enter', 'main: keys 2 → goto agent', 'agent: transfer completed → end', 'hangup']);
    const byPhone = (await (await fetch(`${server.url}/api/calls/${encodeURIComponent('+14155550177')}`)).json()) as { calls: { callUuid: string }[] };
    assert.deepEqual(byPhone.calls.map((c) => c.callUuid), [first.callUuid]);
    const requestUuid = (byUuid.calls[0]?.events.find((e) => e.kind === 'webhook') as WebhookEvent | undefined)?.requestUuid;
    assert.ok(requestUuid);
    const byRequest = (await (await fetch(`${server.url}/api/calls/${requestUuid}`)).json()) as { calls: { callUuid: string }[] };
    assert.deepEqual(byRequest.calls.map((c) => c.callUuid), [first.callUuid]);
    const unknown = await fetch(`${server.url}/api/calls/nobody-here`);
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { detail: string }).detail, /no call found/);
  });

  it('counts where a scripted set of calls dropped out, exactly', async (t) => {
    const server = await servePinFlow(t);
    await Promise.all([
      call(server, ['1', '73915#']), // account: PIN, confirmed, goodbye
      call(server, ['1', '12#', '-']), // PIN too short, then silence: gives up at pin
      call(server, ['9', '-']), // wrong key, silence: gives up at main
      call(server, ['2'], ['no-answer']), // agent does not answer: bye
      call(server, ['2'], ['answered']), // talks to the agent
      callWith(server, hangsUpAfter(['1'])), // hangs up while asked for the PIN
      callWith(server, hangsUpAfter([])), // hangs up during the welcome
    ]);
    await until(() => server.events.live.list().filter((c) => c.ended).length === 7, 'seven ended calls');
    const report = (await (await fetch(`${server.url}/api/dropoff?version=${server.flows.current().version}`)).json()) as {
      calls: number;
      nodes: { node: string; reached: number; choices: Record<string, number>; wrongKeys: number; silences: number; gaveUp: number; hungUpHere: number; endedHere: number; transfer: Record<string, number> }[];
      edges: Record<string, number>;
    };
    assert.equal(report.calls, 7);
    const byNode = Object.fromEntries(report.nodes.map((n) => [n.node, n]));
    assert.deepEqual(byNode['main'], {
      node: 'main', reached: 7, choices: { pin: 3, agent: 2, end: 1 }, wrongKeys: 1, silences: 1, gaveUp: 1, hungUpHere: 1, endedHere: 1,
      transfer: { answered: 0, busy: 0, noAnswer: 0, failed: 0 }, lookupFailures: 0,
    });
    assert.deepEqual(byNode['pin'], {
      node: 'pin', reached: 3, choices: { confirm: 1, end: 1 }, wrongKeys: 1, silences: 1, gaveUp: 1, hungUpHere: 1, endedHere: 1,
      transfer: { answered: 0, busy: 0, noAnswer: 0, failed: 0 }, lookupFailures: 0,
    });
    assert.deepEqual(byNode['agent']?.transfer, { answered: 1, busy: 0, noAnswer: 1, failed: 0 });
    assert.deepEqual([byNode['agent']?.reached, byNode['agent']?.endedHere, byNode['agent']?.choices], [2, 1, { bye: 1, end: 1 }]);
    assert.deepEqual([byNode['bye']?.reached, byNode['bye']?.endedHere, byNode['confirm']?.reached, byNode['confirm']?.choices], [2, 2, 1, { bye: 1 }]);
    assert.deepEqual(report.edges, {
      'start->n:main': 7, 'n:main->n:pin': 3, 'n:main->n:pin#1': 3, 'n:main->n:agent': 2, 'n:main->n:agent#2': 2, 'n:main->n:main': 1, 'n:main->end': 1,
      'n:pin->n:confirm': 1, 'n:confirm->n:bye': 1, 'n:pin->n:pin': 1, 'n:pin->end': 1, 'n:agent->n:bye': 1, 'n:agent->end': 1, 'n:bye->end': 2,
    });

    const csv = await fetch(`${server.url}/api/dropoff?format=csv`);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    assert.equal(rows[0], 'node,reached,choices,wrong_keys,silences,gave_up,hung_up_here,ended_here,transfer_answered,transfer_busy,transfer_no_answer,transfer_failed,lookup_failures');
    assert.ok(rows.includes('main,7,pin:3 agent:2 end:1,1,1,1,1,1,0,0,0,0,0'), rows.join('\n'));

    const older = (await (await fetch(`${server.url}/api/dropoff?version=000000000000`)).json()) as { calls: number };
    assert.equal(older.calls, 0, 'another flow version has no calls');
    const bad = await fetch(`${server.url}/api/dropoff?from=yesterday`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { detail: string }).detail, /from must be a date/);
  });

  it('never lets a sensitive PIN reach the logs, the database file or an export', async (t) => {
    const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ivr-events-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const server = await servePinFlow(t, { DATA_FILE: join(dir, 'ivr.sqlite') });
    const PIN = '86420357';
    const transcript = await call(server, ['1', `${PIN}#`]);
    // The caller did hear it spoken back (so it was really typed and used).
    assert.ok(transcript.events.some((e) => e.type === 'speak' && e.text.includes([...PIN].join(' '))));
    await until(async () => (await server.events.story(transcript.callUuid))[0]?.events.at(-1)?.kind === 'hangup', 'the hangup');
    const outputs = [
      server.logs(),
      await (await fetch(`${server.url}/api/calls/${transcript.callUuid}`)).text(),
      await (await fetch(`${server.url}/api/calls/live`)).text(),
      await (await fetch(`${server.url}/api/dropoff?format=csv`)).text(),
      await (await fetch(`${server.url}/api/dropoff`)).text(),
      await (await fetch(`${server.url}/metrics`)).text(),
    ];
    server.events.flush();
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('latin1'));
    assert.ok(files.join('').includes(transcript.callUuid), 'the database file holds the call');
    for (const text of [...outputs, ...files]) {
      for (const form of [PIN, [...PIN].join(' '), PIN.slice(0, 6)]) assert.ok(!text.includes(form), `"${form}" leaked: …${text.slice(Math.max(0, text.indexOf(form) - 80), text.indexOf(form) + 20)}…`);
    }
    assert.ok(outputs[0]?.includes('•••'), 'the log shows the PIN masked');
  });
});

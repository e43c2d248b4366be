import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/events/types.js';
import { runCall, scriptedCaller } from '../../src/emulator/index.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { readSettings } from '../../src/settings.js';
import { ROOT } from '../helpers/app.js';
import { startRedisServer } from '../helpers/redis-server.js';
import { PIN_FLOW, until } from './helpers.js';

/** One instance of the server, as in production: its own port and database file, the shared Redis. */
async function instance(redisUrl: string, dataFile: string): Promise<RunningServer & { url: string }> {
  const port = await freePort();
  const settings = readSettings({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, IVR_CONFIG: join(ROOT, PIN_FLOW), LOG_LEVEL: 'error', REDIS_URL: redisUrl, DATA_FILE: dataFile });
  const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });
  const serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: {}, watch: false }, host: '127.0.0.1', drainMs: 1000 });
  return Object.assign(serving, { url: `http://127.0.0.1:${serving.port}` });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** Reads a Server-Sent Events stream until `done` says stop; returns the events' data, parsed. */
async function readStream(url: string, done: (events: CallEvent[]) => boolean): Promise<CallEvent[]> {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' } });
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = response.body?.getReader();
  assert.ok(reader);
  const seen: CallEvent[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  while (!done(seen)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name === 'events' && data !== undefined) seen.push(...(JSON.parse(data) as CallEvent[]));
    }
  }
  await reader.cancel();
  return seen;
}

describe('call events with REDIS_URL', () => {
  it('two instances each see, live and in the history, a call the other one served', async (t) => {
    const redis = await startRedisServer();
    const dir = mkdtempSync(join(tmpdir(), 'ivr-redis-events-'));
    t.after(async () => {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const a = await instance(redis.url, join(dir, 'a.sqlite'));
    const b = await instance(redis.url, join(dir, 'b.sqlite'));
    t.after(async () => { await a.stop(); await b.stop(); });

    for (const [server, watcher] of [[a, b], [b, a]] as const) {
      // The watcher's page is following before the call starts.
      let callUuid = '';
      const watching = readStream(`${watcher.url}/api/calls/live`, (events) => callUuid !== '' && events.some((e) => e.kind === 'hangup' && e.callUuid === callUuid));
      await new Promise((done) => setTimeout(done, 100));
      const transcript = await runCall({
        answerUrl: `${server.url}/node/main`, hangupUrl: `${server.url}/hangup`, from: '+14155550199', to: '+14155550122', caller: scriptedCaller(['2'], ['answered']),
      });
      callUuid = transcript.callUuid;
      const streamed = (await watching).filter((e) => e.callUuid === callUuid);
      assert.deepEqual(streamed.map((e) => (e.kind === 'webhook' ? `${e.node}:${e.decision.kind}` : e.kind)), ['main:enter', 'main:goto', 'agent:end', 'hangup']);
      assert.equal(new Set(streamed.map((e) => e.instance)).size, 1, 'served by one instance');

      const story = (await (await fetch(`${watcher.url}/api/calls/${callUuid}`)).json()) as { calls: { callUuid: string; events: CallEvent[] }[] };
      assert.deepEqual(story.calls.map((c) => [c.callUuid, c.events.length]), [[callUuid, 4]]);
      const byPhone = (await (await fetch(`${watcher.url}/api/calls/14155550199`)).json()) as { calls: { callUuid: string }[] };
      assert.ok(byPhone.calls.some((c) => c.callUuid === callUuid), 'found by phone number on the other instance');
      // The instance that served it wrote it to its own database file; the watcher did not.
      server.events.flush();
      assert.equal(server.events.store.call(callUuid).length, 4);
      assert.equal(watcher.events.store.call(callUuid).length, 0);
    }

    // A third instance that starts later still lists the calls still on the live list (kept in Redis).
    const c = await instance(redis.url, join(dir, 'c.sqlite'));
    t.after(() => c.stop());
    await until(() => c.events.live.list().length === 2, 'the late instance to load the recent calls');
  });
});

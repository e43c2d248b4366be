import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedFlow } from '../../src/flow/source.js';
import { demoFlow, startApp } from '../helpers/app.js';

describe('GET /healthz', () => {
  it('is ready, and names the flow being served by its version (a hash of the file)', async (t) => {
    const flow = demoFlow();
    const app = await startApp(t, { flows: fixedFlow(flow) });
    const response = await fetch(`${app.url}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual({ ...body, loadedAt: typeof body['loadedAt'] }, { status: 'ready', version: flow.version, entry: 'language', file: '', loadedAt: 'string', problems: 0 });
    assert.match(flow.version, /^[0-9a-f]{12}$/);
  });

  it('answers 503 once shutdown has begun, so a load balancer stops sending calls', async (t) => {
    let stopping = false;
    const app = await startApp(t, { stopping: () => stopping });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    stopping = true;
    const response = await fetch(`${app.url}/healthz`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { status: 'stopping' });
  });
});

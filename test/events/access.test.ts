import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { call, servePinFlow, until } from './helpers.js';

/** parse-prometheus-text-format: the Prometheus text format parsed by a real parser (CommonJS, no types). */
interface MetricFamily { name: string; help: string; type: string; metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[] }
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => MetricFamily[];

const PRIVATE = ['/api/calls/live', '/api/calls/14155550111', '/api/dropoff', '/api/dropoff?format=csv', '/metrics'];
const TOKEN = 'dashboard-token-for-tests-0123456789';

describe('the private views', () => {
  it('are refused to a client that is not this machine, or behind a proxy, without the token', async (t) => {
    const server = await servePinFlow(t);
    for (const path of PRIVATE) {
      const local = await fetch(server.url + path);
      assert.equal(local.status, path.startsWith('/api/calls/1') ? 404 : 200, `${path} from loopback: ${await local.text()} ${server.logs().slice(-600)}`);
      for (const header of [{ 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=203.0.113.9' }, { 'X-Real-IP': '203.0.113.9' }]) {
        const refused = await fetch(server.url + path, { headers: header });
        assert.equal(refused.status, 403, `${path} with ${JSON.stringify(header)}`);
        assert.match(((await refused.json()) as { detail: string }).detail, /DASHBOARD_TOKEN/);
      }
    }
    // The page itself holds no data: it is public, and says what to do when the data is refused.
    assert.equal((await fetch(`${server.url}/dashboard`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 200);
  });

  it('with DASHBOARD_TOKEN, are served to its holder only when proxied, and a wrong token is refused', async (t) => {
    const server = await servePinFlow(t, { DASHBOARD_TOKEN: TOKEN });
    const proxied = { 'X-Forwarded-For': '203.0.113.9' };
    for (const path of PRIVATE.filter((p) => !p.startsWith('/api/calls/1'))) {
      assert.equal((await fetch(server.url + path, { headers: { ...proxied, Authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status, 401, `${path}, wrong token`);
      assert.equal((await fetch(server.url + path, { headers: proxied })).status, 401, `${path}, no token`);
      assert.equal((await fetch(server.url + path, { headers: { ...proxied, Authorization: `Bearer ${TOKEN}` } })).status, 200, `${path}, right token`);
    }
    // The page trades the token for a cookie the live stream (EventSource) sends.
    const session = await fetch(`${server.url}/api/dashboard/session`, { method: 'POST', headers: { ...proxied, Authorization: `Bearer ${TOKEN}` } });
    assert.equal(session.status, 204);
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.ok(!cookie.includes(TOKEN), 'the cookie is not the token itself');
    assert.equal((await fetch(`${server.url}/api/calls/live`, { headers: { ...proxied, Cookie: cookie } })).status, 200);
    assert.equal((await fetch(`${server.url}/api/calls/live`, { headers: { ...proxied, Cookie: 'ivr_dashboard=0000' } })).status, 401);
    assert.equal((await fetch(`${server.url}/api/dashboard/session`, { method: 'POST', headers: { ...proxied, Authorization: 'Bearer nope-nope-nope-nope' } })).status, 401);
    assert.ok(!server.logs().includes(TOKEN), 'the token is never logged');
  });
});

describe('GET /metrics', () => {
  it('is valid Prometheus text with webhook latency, calls, node reach, outcomes and flow reloads', async (t) => {
    const server = await servePinFlow(t);
    await call(server, ['1', '4444#']);
    await call(server, ['9', '-']);
    await until(() => server.events.live.list().filter((c) => c.ended).length === 2, 'two ended calls');
    const response = await fetch(`${server.url}/metrics`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const families = new Map(parsePrometheus(await response.text()).map((f) => [f.name, f]));
    const latency = families.get('ivr_webhook_duration_seconds');
    assert.equal(latency?.type, 'HISTOGRAM');
    assert.equal(latency?.metrics[0]?.count, '7', 'seven webhooks: 4 for the first call, 3 for the second');
    assert.equal(latency?.metrics[0]?.buckets?.['+Inf'], '7');
    assert.equal(families.get('ivr_calls_in_progress')?.metrics[0]?.value, '0');
    const value = (name: string, labels: Record<string, string>): string | undefined =>
      families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    assert.equal(value('ivr_calls_ended_total', { outcome: 'completed' }), '1');
    assert.equal(value('ivr_calls_ended_total', { outcome: 'gave_up' }), '1');
    assert.equal(value('ivr_node_reached_total', { node: 'main' }), '3', 'welcome twice, and the retry');
    assert.equal(value('ivr_node_reached_total', { node: 'pin' }), '1');
    assert.equal(value('ivr_decisions_total', { node: 'main', decision: 'retry', reason: 'invalid' }), '1');
    assert.equal(value('ivr_flow_reloads_total', { result: 'failed' }), '0');
    for (const name of ['ivr_lookup_duration_seconds', 'ivr_lookup_failures_total', 'ivr_campaign_calls_total', 'ivr_events_dropped_total', 'process_cpu_seconds_total']) {
      assert.ok(families.has(name), `${name} is exposed`);
    }
  });
});

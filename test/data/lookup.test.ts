import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fillBody, fillUrl, mapFields, runLookup, type LookupRequest } from '../../src/data/lookup.js';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const path = request.url ?? '';
      if (path.startsWith('/accounts/')) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ account: { owner: { name: 'Ana' }, balance: 1234.5, vip: true }, id: decodeURIComponent(path.slice(10)) }));
      } else if (path === '/slow') setTimeout(() => response.end('{}'), 1000);
      else if (path === '/fail') (response.statusCode = 503), response.end('{"error":"down"}');
      else if (path === '/html') response.end('<html>');
      else if (path === '/huge') response.end(JSON.stringify({ x: 'y'.repeat(100_000) }));
      else (response.statusCode = 404), response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const request = (path: string, extra: Partial<LookupRequest> = {}): LookupRequest => ({ method: 'GET', url: `${base}${path}`, headers: {}, timeoutMs: 2000, label: path, ...extra });

test('a lookup fills its URL (encoded), sends its secret header from the environment, and maps the answer', async () => {
  const url = fillUrl(`${base}/accounts/{{caller}}?lang={{language}}`, { caller: '+1 415/555?x=1', language: 'en' });
  const result = await runLookup(request('', { url, headers: { authorization: 'Bearer ${BACKEND_TOKEN}' } }), { BACKEND_TOKEN: 's3cret' });
  assert.ok(result.ok, JSON.stringify(result));
  const last = seen[seen.length - 1]!;
  assert.equal(last.url, '/accounts/%2B1%20415%2F555%3Fx%3D1?lang=en', 'a value cannot change the path or the query');
  assert.equal(last.headers['authorization'], 'Bearer s3cret');
  assert.deepEqual(mapFields(result.body, { name: { from: 'account.owner.name', type: 'string' }, balance: { from: 'account.balance', type: 'double' }, vip: { from: 'account.vip', type: 'bool' } }), { values: { name: 'Ana', balance: 1234.5, vip: true } });
  assert.deepEqual(mapFields(result.body, { age: { from: 'account.age', type: 'int' } }), { error: 'field `account.age` is missing from the answer' });
  assert.deepEqual(mapFields(result.body, { n: { from: 'account.owner.name', type: 'int' } }), { error: 'field `account.owner.name` is not a int' });
});

test('a POST sends its body as JSON, a value keeping its type', async () => {
  const body = fillBody({ rating: '{{rating}}', note: 'call {{uuid}}' }, { rating: 4, uuid: 'abc' });
  const result = await runLookup(request('/accounts/x', { method: 'POST', body }), {});
  assert.ok(result.ok);
  assert.deepEqual(JSON.parse(seen[seen.length - 1]!.body), { rating: 4, note: 'call abc' });
  assert.equal(seen[seen.length - 1]!.headers['content-type'], 'application/json');
});

test('every way a lookup goes wrong is an answer, within the timeout', async () => {
  const slow = await runLookup(request('/slow', { timeoutMs: 300 }), {});
  assert.deepEqual([slow.ok, !slow.ok && slow.reason], [false, 'timeout']);
  assert.ok(slow.durationMs < 900, `gave up after ${slow.durationMs} ms`);
  const failed = await runLookup(request('/fail'), {});
  assert.deepEqual(failed, { ok: false, reason: 'status', status: 503, durationMs: failed.durationMs });
  const notFound = await runLookup(request('/nothing'), {});
  assert.equal(!notFound.ok && notFound.status, 404);
  const html = await runLookup(request('/html'), {});
  assert.equal(!html.ok && html.reason, 'not-json');
  const huge = await runLookup(request('/huge'), {});
  assert.equal(!huge.ok && huge.reason, 'too-large');
  const down = await runLookup({ ...request(''), url: 'http://127.0.0.1:1/x' }, {});
  assert.equal(!down.ok && down.reason, 'network');
  const unset = await runLookup(request('/accounts/x', { headers: { authorization: 'Bearer ${UNSET_TOKEN}' } }), {});
  assert.equal(!unset.ok && unset.reason, 'secret-unset');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowView } from '../../src/web/flow-view.js';
import { demoFlow, flowFromText, startApp } from '../helpers/app.js';
import { mutableSource, problem } from './source.js';

const SMALL = `entry: hello
languages: { en: { speak: en-US } }
nodes:
  hello: { type: say, prompt: { en: Hello. }, next: bye }
  bye: { type: hangup }
`;

async function view(url: string): Promise<FlowView> {
  const response = await fetch(`${url}/api/flow`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  return (await response.json()) as FlowView;
}

describe('the page and its API', () => {
  it('serves the page at / with a policy that allows only this server', async (t) => {
    const app = await startApp(t);
    const response = await fetch(`${app.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/web\/app\.js"><\/script>/);
    assert.match(html, /<ol id="transcript"[^>]*aria-live="polite"/);
    const css = await fetch(`${app.url}/web/style.css`);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  });

  it('bundles the page script, emulator included, on first request', async (t) => {
    const app = await startApp(t);
    const first = await fetch(`${app.url}/web/app.js`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/javascript/);
    const script = await first.text();
    assert.match(script, /\/api\/flow/);
    assert.match(script, /GetDigits/); // the emulator's XML rules came along
    assert.doesNotMatch(script, /from"node:|require\("node:/);
    assert.equal(await (await fetch(`${app.url}/web/app.js`)).text(), script);
  });

  it('describes the flow being served, where each node leads, and what is not configured', async (t) => {
    const app = await startApp(t);
    const flow = demoFlow();
    const got = await view(app.url);
    assert.equal(got.version, flow.version);
    assert.equal(got.entry, 'language');
    assert.equal(got.answerPath, '/node/language');
    assert.deepEqual(got.languages.map((l) => l.speak), ['en-US', 'es-US']);
    const main = got.nodes.find((n) => n.id === 'main');
    assert.deepEqual([main?.type, main?.routes, main?.attempts], ['menu', { '1': 'message', '2': 'connecting' }, 3]);
    // A menu that listens tells the page what it hears, so the page can follow a spoken turn.
    assert.deepEqual(main?.speech?.options.map((o) => [o.on, o.say['es']?.[0]]), [['1', 'mensaje'], ['2', 'asociado']]);
    assert.deepEqual(got.nodes.find((n) => n.id === 'connecting')?.routes, { answered: null, 'no-answer': 'unavailable', busy: 'unavailable', failed: 'unavailable' });
    assert.deepEqual(got.problems, []);
    assert.equal(got.verifySignatures, false);
    assert.equal(got.plivoConfigured, false);
    assert.deepEqual(got.plivoMissing, ['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN', 'PLIVO_FROM_NUMBER']);
    assert.equal(got.callsTokenRequired, false);
  });

  it('says signatures are checked and a token is needed, without ever sending a secret', async (t) => {
    const env = { PLIVO_AUTH_ID: 'MAPAGETESTID00000000', PLIVO_AUTH_TOKEN: 'page-test-auth-token', CALLS_API_TOKEN: 'page-test-calls-token', PLIVO_FROM_NUMBER: '+14155550111' };
    const app = await startApp(t, { env });
    const response = await fetch(`${app.url}/api/flow`);
    const text = await response.text();
    assert.ok(!text.includes(env.PLIVO_AUTH_TOKEN) && !text.includes(env.CALLS_API_TOKEN) && !text.includes(env.PLIVO_AUTH_ID));
    const got = JSON.parse(text) as FlowView;
    assert.equal(got.verifySignatures, true);
    assert.equal(got.plivoConfigured, true);
    assert.equal(got.callsTokenRequired, true);
  });

  it('reports the problems of a file that failed to reload, like npm run validate', async (t) => {
    const source = mutableSource(demoFlow());
    const app = await startApp(t, { flows: source });
    source.set(demoFlow(), [problem(13, 12, 'nodes.main.choices.3', 'node `main`, choice `3` goes to "sales", which is not defined')]);
    const got = await view(app.url);
    assert.deepEqual(got.problems, ['ivr.yaml:13:12 error nodes.main.choices.3: node `main`, choice `3` goes to "sales", which is not defined']);
  });

  it('draws the flow as SVG, again only when the flow changes', async (t) => {
    const source = mutableSource(demoFlow());
    const app = await startApp(t, { flows: source });
    const first = await fetch(`${app.url}/api/flow.svg`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'image/svg+xml');
    const etag = first.headers.get('etag') ?? '';
    assert.equal(etag, `"${demoFlow().version}"`);
    assert.match(await first.text(), /<g id="flow&#45;node&#45;connecting" class="node">/);
    assert.equal((await fetch(`${app.url}/api/flow.svg`, { headers: { 'If-None-Match': etag } })).status, 304);

    source.set(flowFromText(SMALL));
    const changed = await fetch(`${app.url}/api/flow.svg`, { headers: { 'If-None-Match': etag } });
    assert.equal(changed.status, 200);
    const svg = await changed.text();
    assert.match(svg, /flow&#45;node&#45;hello/);
    assert.doesNotMatch(svg, /flow&#45;node&#45;connecting/);
  });
});

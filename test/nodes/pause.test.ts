import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCall, scriptedCaller } from '../../src/emulator/index.js';
import { loadFlowText } from '../../src/flow/load.js';
import { fixedFlow } from '../../src/flow/source.js';
import { flowToDot } from '../../src/web/diagram.js';
import { flowFromText, startApp } from '../helpers/app.js';

/** The `pause` kind, added the way the README's "Adding a node kind" says: one module, one line in the index. */
const FLOW = `
entry: hello
languages: { en: { speak: en-US } }
nodes:
  hello: { type: say, prompt: One moment please., next: hold }
  hold: { type: pause, seconds: 3, next: bye }
  bye: { type: hangup, prompt: Thank you. Goodbye. }
`;

const problemsOf = (text: string): string[] => {
  const loaded = loadFlowText(text, { file: 'pause.yaml', env: {}, audioExists: () => true });
  return loaded.ok ? [] : loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
};

describe('a pause node', () => {
  it('keeps the caller waiting in silence for its seconds, then goes on', async (t) => {
    const app = await startApp(t, { flows: fixedFlow(flowFromText(FLOW)) });
    const call = await runCall({ answerUrl: `${app.url}/node/hello`, from: '+14155550111', to: '+14155550122', caller: scriptedCaller([]) });
    const what = call.events.flatMap((e) => (e.type === 'speak' ? [e.text] : e.type === 'wait' ? [`(${e.seconds} s of silence)`] : []));
    assert.deepEqual(what, ['One moment please.', '(3 s of silence)', 'Thank you. Goodbye.']);
    assert.equal(call.outcome, 'hangup');
    assert.deepEqual(call.events.filter((e) => e.type === 'error'), []);
  });

  it('is checked like any node: a schema error for a bad length, an error without next', () => {
    assert.deepEqual(problemsOf(FLOW.replace('seconds: 3', 'seconds: 0')), ['6:33 `seconds` of node `hold` is 0, but must be at least 1']);
    assert.match(problemsOf(FLOW.replace(', next: bye }', ' }')).join('\n'), /^6:3 node `hold` \(pause\) has no `next`/m);
  });

  it('is drawn in the diagram with its length', () => {
    assert.match(flowToDot(flowFromText(FLOW)), /"n:hold" \[[^\]]*label="hold\\npause · 3 s"\];/);
    assert.match(flowToDot(flowFromText(FLOW)), /"n:hold" -> "n:bye" \[label=" 3 s "\];/);
  });
});

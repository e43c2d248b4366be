import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowView } from '../../src/web/flow-view.js';
import { narrator } from '../../src/web/narrate.js';
import { callWith, serveFlow } from '../helpers/emulate.js';

describe('key presses told in the caller’s terms (issue 18)', () => {
  it('names the menu, its attempt out of all, and whether the key is one of its choices', async (t) => {
    const server = await serveFlow(t);
    const view = (await (await server.fetch(`${server.url}/api/flow`)).json()) as FlowView;
    const call = await callWith(server, ['7', '1', '-', '1']);
    const tell = narrator(view);
    const keys = call.events.filter((e) => e.type === 'gather').map((e) => tell(e));
    assert.deepEqual(keys, [
      '☎ press 7: 7 is not a choice  (menu `language`, attempt 1 of 3)',
      '☎ press 1: choice 1 → main  (menu `language`, attempt 2 of 3)',
      '☎ silence  (menu `main`, attempt 1 of 3)',
      '☎ press 1: choice 1 → message  (menu `main`, attempt 2 of 3)',
    ]);
  });

  it('leaves lines it cannot place in the flow as the emulator wrote them', () => {
    const tell = narrator({ nodes: [] });
    const line = tell({ type: 'gather', at: 0, doc: null, attempt: 1, tries: 1, pressed: '5', digits: '5', outcome: 'valid', action: 'http://x/elsewhere' });
    assert.equal(line, '☎ press 5');
  });
});

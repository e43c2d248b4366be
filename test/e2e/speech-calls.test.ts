import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Transcript, TranscriptEvent } from '../../src/emulator/index.js';
import { callWith, dialed, errors, heard, nodesVisited, played, serveFlow } from '../helpers/emulate.js';

const said = (call: Transcript) =>
  call.events.filter((e): e is Extract<TranscriptEvent, { type: 'speech' }> => e.type === 'speech').map((e) => [e.said, e.language]);
const texts = (call: Transcript) => heard(call).map((s) => s.text);

describe('the demo, spoken to through the Plivo emulator', () => {
  it('"English", then "hear a message please": the English message plays', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['say:English', 'say:hear a message please']);
    assert.deepEqual(errors(call), []);
    assert.deepEqual(said(call), [['English', 'en-US'], ['hear a message please', 'en-US']]);
    assert.deepEqual(played(call).map((p) => new URL(p.url).pathname), ['/audio/english.mp3']);
    assert.equal(texts(call).at(-1), 'Thank you for calling. Goodbye.');
  });

  it('"español", then "quiero hablar con un asociado": Spanish, and the associate is dialed', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['say:español', 'say:quiero hablar con un asociado'], ['answered']);
    assert.deepEqual(errors(call), []);
    // Before a language is chosen Plivo listens in English; after, in Spanish.
    assert.deepEqual(said(call).map(([, language]) => language), ['en-US', 'es-US']);
    assert.deepEqual(dialed(call).map((d) => d.outcome), ['answered']);
    assert.ok(texts(call).includes('Por favor espere mientras lo comunicamos con un asociado.'));
  });

  it('mixes keys and words: 2, then "mensaje"', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['2', 'say:eh, un mensaje por favor']);
    assert.deepEqual(errors(call), []);
    assert.deepEqual(played(call).map((p) => new URL(p.url).pathname), ['/audio/spanish.mp3']);
  });

  it('words heard faintly get "didn\'t catch that", unknown words "not one of the options", then the caller gets through', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['say:English@0.2', 'say:pizza', 'say:English', '1']);
    assert.deepEqual(errors(call), []);
    const lines = texts(call);
    assert.equal(lines.filter((s) => s === "Sorry, I didn't catch that.").length, 1);
    assert.equal(lines.filter((s) => s === 'Sorry, that is not one of the options.').length, 1);
    assert.deepEqual(nodesVisited(call), ['language', 'language', 'language', 'language', 'main', 'goodbye']);
    assert.equal(played(call).length, 1);
  });

  it('a caller who keeps saying things the menu does not offer hears goodbye after three tries', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['say:French', 'say:Italian', 'say:German']);
    assert.deepEqual(errors(call), []);
    assert.equal(texts(call).at(-1), 'Gracias por llamar. Adiós.');
    assert.equal(call.outcome, 'hangup');
  });
});

describe('examples/helpdesk.yaml: free speech and spoken digits', () => {
  it('routes "I want to pay my bill" to billing, takes the account number said aloud, and reads both back', async (t) => {
    const server = await serveFlow(t, 'examples/helpdesk.yaml');
    const call = await callWith(server, ['say:English', 'say:I want to pay my bill', 'say:four zero seven one']);
    assert.deepEqual(errors(call), []);
    assert.ok(texts(call).includes('Account 4 0 7 1, about billing. An agent will call you back. Goodbye.'), texts(call).join('\n'));
    assert.equal(call.outcome, 'hangup');
  });

  it('does the same in Spanish, with the digits typed or said in Spanish', async (t) => {
    const server = await serveFlow(t, 'examples/helpdesk.yaml');
    const spoken = await callWith(server, ['say:español', 'say:quiero pagar la factura', 'say:cuatro cero siete uno']);
    assert.deepEqual(errors(spoken), []);
    assert.ok(texts(spoken).includes('Cuenta 4 0 7 1. Un agente le devolverá la llamada. Adiós.'), texts(spoken).join('\n'));
    const typed = await callWith(server, ['2', 'say:una factura', '4071#']);
    assert.ok(texts(typed).includes('Cuenta 4 0 7 1. Un agente le devolverá la llamada. Adiós.'));
  });

  it('sends a broken screen to support, and words that name no topic there too (otherwise)', async (t) => {
    const server = await serveFlow(t, 'examples/helpdesk.yaml');
    for (const words of ['my screen is broken', 'what is the weather like']) {
      const call = await callWith(server, ['1', `say:${words}`]);
      assert.deepEqual(nodesVisited(call), ['welcome', 'welcome', 'topic', 'bye'], words);
      assert.ok(texts(call).includes('Our technicians will call you back within the hour.'));
    }
  });

  it('asks again after words it did not catch, and after an account number of the wrong length', async (t) => {
    const server = await serveFlow(t, 'examples/helpdesk.yaml');
    const call = await callWith(server, ['1', 'say:pay my bill@0.4', 'say:pay my bill', 'say:four zero', 'say:four zero seven one']);
    assert.deepEqual(errors(call), []);
    const lines = texts(call);
    assert.ok(lines.includes("Sorry, I didn't catch that. Please say it again."));
    assert.ok(lines.includes('Account numbers have four digits.'));
    assert.ok(lines.includes('Account 4 0 7 1, about billing. An agent will call you back. Goodbye.'));
  });

  it('hears no keys at the open question: a key there is silence', async (t) => {
    const server = await serveFlow(t, 'examples/helpdesk.yaml');
    const call = await callWith(server, ['1', '5', 'say:help']);
    assert.deepEqual(errors(call), []);
    assert.ok(texts(call).includes('Sorry, I did not hear a choice.'));
    assert.ok(texts(call).includes('Our technicians will call you back within the hour.'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFlowFile } from '../../src/flow/load.js';
import { callWith, dialed, errors, heard, serveFlow } from '../helpers/emulate.js';

const recorded = (call: Awaited<ReturnType<typeof callWith>>) => call.events.filter((e) => e.type === 'record');

describe('examples/support.yaml: three levels, a typed order number, voicemail', () => {
  it('loads without warnings', () => {
    const result = loadFlowFile('examples/support.yaml', {});
    assert.ok(result.ok && result.warnings.length === 0);
  });

  it('reads a six-digit order number back digit by digit at level 3', async (t) => {
    const server = await serveFlow(t, 'examples/support.yaml');
    const call = await callWith(server, ['1', '1', '123456#', '1', '2']);
    assert.deepEqual(errors(call), []);
    assert.ok(heard(call).some((s) => s.text === 'Order 1 2 3 4 5 6 has shipped and will arrive within three working days.'));
    assert.equal(heard(call).at(-1)?.text, 'Thank you for calling Acme. Goodbye.');
    assert.equal(call.outcome, 'hangup');
  });

  it('refuses a short order number and asks again, in French for a French caller', async (t) => {
    const server = await serveFlow(t, 'examples/support.yaml');
    const call = await callWith(server, ['2', '1', '12#', '654321#', '1']);
    assert.deepEqual(errors(call), []);
    const texts = heard(call);
    assert.ok(texts.some((s) => s.text === 'Les numéros de commande ont six chiffres.' && s.language === 'fr-FR'));
    assert.ok(texts.some((s) => s.text.startsWith('La commande 6 5 4 3 2 1 est expédiée')));
  });

  it('takes a voicemail when the technicians are busy', async (t) => {
    const server = await serveFlow(t, 'examples/support.yaml');
    const call = await callWith(server, ['1', '2', '1'], ['busy']);
    assert.deepEqual(errors(call), []);
    assert.deepEqual(dialed(call).map((d) => [d.numbers, d.callerId, d.outcome]), [[['442071838751'], '442071838700', 'busy']]);
    assert.equal(recorded(call).length, 1);
    assert.ok(heard(call).some((s) => s.text === 'All of our technicians are on other calls.'));
    assert.equal(heard(call).at(-1)?.text, 'Thank you. We will call you back within one working day.');
  });

  it('sends a caller who keeps pressing nothing at level 2 to the voicemail rather than hanging up', async (t) => {
    const server = await serveFlow(t, 'examples/support.yaml');
    const call = await callWith(server, ['1']);
    assert.equal(recorded(call).length, 1);
    assert.equal(call.outcome, 'hangup');
  });
});

describe('examples/clinic.yaml: one language, built-in Portuguese messages', () => {
  it('gives the address, then hangs up when the caller is done', async (t) => {
    const server = await serveFlow(t, 'examples/clinic.yaml');
    const call = await callWith(server, ['3', '2']);
    assert.deepEqual(errors(call), []);
    assert.ok(heard(call).every((s) => s.language === 'pt-BR'));
    assert.ok(heard(call).some((s) => s.text.startsWith('Estamos na Rua das Flores')));
    assert.equal(heard(call).at(-1)?.text, 'Obrigado pela ligação. Até logo.');
  });

  it('answers a wrong key with the built-in Portuguese message', async (t) => {
    const server = await serveFlow(t, 'examples/clinic.yaml');
    const call = await callWith(server, ['8', '3', '2']);
    assert.ok(heard(call).some((s) => s.text === 'Desculpe, essa não é uma das opções.'));
  });

  it('records a message when reception does not answer', async (t) => {
    const server = await serveFlow(t, 'examples/clinic.yaml');
    const call = await callWith(server, ['2'], ['no-answer']);
    assert.deepEqual(errors(call), []);
    assert.equal(recorded(call).length, 1);
    assert.equal(call.outcome, 'hangup');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callWith, dialed, errors, heard, nodesVisited, played, serveFlow } from '../helpers/emulate.js';

describe('the demo, called through the Plivo emulator', () => {
  it('English, then 1: the English prompt is spoken, english.mp3 plays, and the call hangs up', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['1', '1']);
    assert.deepEqual(errors(call), []);
    assert.ok(heard(call).some((s) => s.text.startsWith('Press 1 to hear a message') && s.language === 'en-US'));
    assert.deepEqual(played(call).map((p) => [new URL(p.url).pathname, p.ok, p.contentType]), [['/audio/english.mp3', true, 'audio/mpeg']]);
    assert.equal(call.outcome, 'hangup');
    assert.equal(heard(call).at(-1)?.text, 'Thank you for calling. Goodbye.');
  });

  it('Spanish, then 2: the caller hears Spanish and the associate is dialed', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['2', '2'], ['answered']);
    assert.deepEqual(errors(call), []);
    assert.ok(heard(call).slice(2).every((s) => s.language === 'es-US'), JSON.stringify(heard(call)));
    assert.deepEqual(dialed(call).map((d) => [d.numbers, d.outcome]), [[['14155550100'], 'answered']]);
    assert.equal(call.outcome, 'hangup');
  });

  it('a wrong key at each level is answered, and the caller gets through on the next try', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['5', '1', '9', '1']);
    assert.deepEqual(errors(call), []);
    const texts = heard(call).map((s) => s.text);
    assert.equal(texts.filter((s) => s === 'Sorry, that is not one of the options.').length, 2);
    assert.equal(played(call).length, 1);
    assert.deepEqual(nodesVisited(call), ['language', 'language', 'language', 'main', 'main', 'goodbye']);
  });

  it('a silent caller hears the menu three times, then goodbye, and the call ends', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, []);
    assert.deepEqual(errors(call), []);
    const texts = heard(call).map((s) => s.text);
    assert.equal(texts.filter((s) => s === 'Welcome. For English, press 1.').length, 3);
    assert.equal(texts.filter((s) => s === 'Sorry, I did not hear a choice.').length, 3);
    assert.equal(texts.at(-1), 'Gracias por llamar. Adiós.');
    assert.equal(call.outcome, 'hangup');
  });

  it('when the associate does not answer, the caller hears an apology and the menu again, and can still get the message', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['1', '2', '1'], ['no-answer']);
    assert.deepEqual(errors(call), []);
    assert.deepEqual(dialed(call).map((d) => d.outcome), ['no-answer']);
    assert.ok(heard(call).some((s) => s.text === 'Sorry, all of our associates are busy right now.'));
    assert.equal(played(call).length, 1);
    assert.equal(call.outcome, 'hangup');
  });

  it('every request above was signed and checked: a call signed with another token is refused at its first request (issue 5)', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['1', '1'], [], 'not-the-auth-token');
    assert.deepEqual(nodesVisited(call), ['language']);
    assert.match(errors(call).join('\n'), /HTTP 403/);
    assert.deepEqual(heard(call), []);
  });

  it('a busy associate leads to the same apology, in Spanish for a Spanish caller', async (t) => {
    const server = await serveFlow(t);
    const call = await callWith(server, ['2', '2'], ['busy']);
    assert.ok(heard(call).some((s) => s.text.startsWith('Lo sentimos') && s.language === 'es-US'));
    assert.equal(call.outcome, 'hangup');
  });
});

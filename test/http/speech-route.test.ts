import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedFlow } from '../../src/flow/source.js';
import { readPlivoXml } from '../../src/emulator/index.js';
import { flowFromText, startApp } from '../helpers/app.js';
import { gatherOf, press, say, spoken, webhook } from '../helpers/webhook.js';

const ANSWER = { Event: 'StartApp', From: '14155550111', To: '14155550122' };

describe('menus that listen, over HTTP', () => {
  it('render a GetInput Plivo accepts: every attribute documented, valid values', async (t) => {
    const app = await startApp(t);
    for (const path of ['/node/language', '/node/main?lang=es', '/node/main?lang=en&attempt=2']) {
      const answer = await webhook(`${app.url}${path}`, ANSWER);
      const read = readPlivoXml(answer.xml);
      assert.ok(read.ok, `${path}: ${read.ok ? '' : read.problems.map((p) => p.message).join('; ')}`);
      assert.equal(gatherOf(answer.doc)?.name, 'GetInput');
    }
  });

  it('listen in the caller’s language, with its phrases as hints', async (t) => {
    const app = await startApp(t);
    const spanish = gatherOf((await webhook(`${app.url}/node/main?lang=es`, ANSWER)).doc);
    assert.equal(spanish?.attributes['language'], 'es-US');
    assert.equal(spanish?.attributes['hints'], 'mensaje,escuchar un mensaje,asociado,agente,hablar con un asociado,una persona');
    const english = gatherOf((await webhook(`${app.url}/node/main?lang=en`, ANSWER)).doc);
    assert.equal(english?.attributes['language'], 'en-US');
    assert.match(english?.attributes['hints'] ?? '', /^message,hear a message,associate/);
  });

  it('take the words for the key: "Spanish, please" sets Spanish like key 2', async (t) => {
    const app = await startApp(t);
    const answer = await webhook(`${app.url}/node/language`, ANSWER);
    const bySpeech = await say(answer, 'Spanish, please');
    const byKey = await press(answer, '2');
    assert.deepEqual(spoken(bySpeech.doc), spoken(byKey.doc));
    assert.equal(gatherOf(bySpeech.doc)?.attributes['action'], `${app.url}/node/main?lang=es`);
  });

  it('hear Spanish words before a language is chosen', async (t) => {
    const app = await startApp(t);
    const menu = await say(await webhook(`${app.url}/node/language`, ANSWER), 'castellano');
    assert.equal(gatherOf(menu.doc)?.attributes['language'], 'es-US');
  });

  it('answer words heard below the confidence threshold with "didn\'t catch that", not "not an option"', async (t) => {
    const app = await startApp(t);
    const main = `${app.url}/node/main?lang=en`;
    const faint = await say(await webhook(main, ANSWER), 'message', 0.3);
    assert.deepEqual(spoken(faint.doc).map((s) => s.text), ["Sorry, I didn't catch that.", 'Press 1 to hear a message. Press 2 to talk to an associate.']);
    assert.equal(gatherOf(faint.doc)?.attributes['action'], `${main}&attempt=2`);
    const wrong = await say(await webhook(main, ANSWER), 'pizza');
    assert.equal(spoken(wrong.doc)[0]?.text, 'Sorry, that is not one of the options.');
    const both = await say(await webhook(main, ANSWER), 'a message or an associate');
    assert.equal(spoken(both.doc)[0]?.text, 'Sorry, that is not one of the options.');
  });

  it('log the input as speech, with the text and its confidence', async (t) => {
    const app = await startApp(t);
    await say(await webhook(`${app.url}/node/main?lang=es`, ANSWER), 'quiero un asociado', 0.87);
    const line = app.logs().find((l) => l['message'] === 'node served' && l['input'] === 'speech');
    assert.equal(line?.['speech'], 'quiero un asociado');
    assert.equal(line?.['confidence'], 0.87);
    assert.deepEqual((line?.['decision'] as { kind: string; target: string }).target, 'connecting');
  });

  it('keep a menu without phrases exactly a GetDigits', async (t) => {
    const flow = flowFromText(`entry: a
languages: { en: { speak: en-US } }
nodes:
  a: { type: menu, prompt: { en: Press 1. }, choices: { "1": b } }
  b: { type: hangup }
`);
    const app = await startApp(t, { flows: fixedFlow(flow) });
    const answer = await webhook(`${app.url}/node/a`, ANSWER);
    assert.equal(gatherOf(answer.doc)?.name, 'GetDigits');
    assert.ok(!answer.xml.includes('GetInput'));
  });
});

describe('a forged speech request', () => {
  it('is read safely: clamped confidence, capped text, a keypad menu takes it as a wrong answer', async (t) => {
    const flow = flowFromText(`entry: a
languages: { en: { speak: en-US } }
nodes:
  a: { type: menu, prompt: { en: Press 1. }, choices: { "1": b } }
  b: { type: hangup }
`);
    const app = await startApp(t, { flows: fixedFlow(flow) });
    const answer = await webhook(`${app.url}/node/a`, { InputType: 'speech', Speech: 'x'.repeat(5000), SpeechConfidenceScore: 'NaN' });
    assert.equal(answer.status, 200);
    assert.equal(spoken(answer.doc)[0]?.text, 'Sorry, that is not one of the options.');
    const line = app.logs().find((l) => l['input'] === 'speech');
    assert.equal((line?.['speech'] as string).length, 500);
    assert.equal(line?.['confidence'], 0);
  });
});

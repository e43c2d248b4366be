import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedFlow } from '../../src/flow/source.js';
import { demoFlow, startApp } from '../helpers/app.js';
import { parsePlivoXml } from '../helpers/xml.js';
import { dialOf, follow, gatherOf, hangsUp, played, press, redirectOf, spoken, staySilent, webhook } from '../helpers/webhook.js';

const ANSWER = { Event: 'StartApp', From: '14155550111', To: '14155550122', Direction: 'outbound', CallStatus: 'in-progress' };

describe('the demo IVR over HTTP', () => {
  it('greets the caller in English and Spanish, each in its own voice, inside a GetInput that takes a key or the words', async (t) => {
    const app = await startApp(t);
    const answer = await webhook(`${app.url}/node/language`, ANSWER);
    assert.equal(answer.status, 200);
    assert.match(answer.contentType, /^application\/xml/);
    assert.deepEqual(spoken(answer.doc), [
      { text: 'Welcome. For English, press 1.', language: 'en-US' },
      { text: 'Para español, oprima 2.', language: 'es-US' },
    ]);
    const gather = gatherOf(answer.doc);
    assert.equal(gather?.name, 'GetInput');
    assert.equal(gather?.attributes['action'], `${app.url}/node/language`);
    assert.equal(gather?.attributes['inputType'], 'dtmf speech');
    assert.equal(gather?.attributes['executionTimeout'], '6');
    assert.equal(gather?.attributes['numDigits'], '1');
    // Before a language is chosen Plivo listens in the default one, with the phrases of both as hints.
    assert.equal(gather?.attributes['language'], 'en-US');
    assert.equal(gather?.attributes['hints'], 'English,inglés,Spanish,español,castellano');
    assert.equal(gather?.attributes['speechModel'], 'command_and_search');
  });

  it('speaks the English menu after the caller presses 1', async (t) => {
    const app = await startApp(t);
    const menu = await press(await webhook(`${app.url}/node/language`, ANSWER), '1');
    assert.deepEqual(spoken(menu.doc), [{ text: 'Press 1 to hear a message. Press 2 to talk to an associate.', language: 'en-US' }]);
    assert.equal(gatherOf(menu.doc)?.attributes['action'], `${app.url}/node/main?lang=en`);
  });

  it('speaks the Spanish menu after the caller presses 2', async (t) => {
    const app = await startApp(t);
    const menu = await press(await webhook(`${app.url}/node/language`, ANSWER), '2');
    assert.deepEqual(spoken(menu.doc), [
      { text: 'Oprima 1 para escuchar un mensaje. Oprima 2 para hablar con un asociado.', language: 'es-US' },
    ]);
  });

  it('plays english.mp3 from an absolute URL that serves audio/mpeg, then says goodbye and hangs up', async (t) => {
    const app = await startApp(t);
    const menu = await press(await webhook(`${app.url}/node/language`, ANSWER), '1');
    const message = await press(menu, '1');
    assert.deepEqual(played(message.doc), [`${app.url}/audio/english.mp3`]);
    const audio = await fetch(played(message.doc)[0] ?? '');
    assert.equal(audio.status, 200);
    assert.equal(audio.headers.get('content-type'), 'audio/mpeg');
    assert.ok((await audio.arrayBuffer()).byteLength > 10_000);
    const goodbye = await follow(message);
    assert.deepEqual(spoken(goodbye.doc), [{ text: 'Thank you for calling. Goodbye.', language: 'en-US' }]);
    assert.ok(hangsUp(goodbye.doc));
  });

  it('plays spanish.mp3 for a Spanish caller who presses 1', async (t) => {
    const app = await startApp(t);
    const message = await press(await press(await webhook(`${app.url}/node/language`, ANSWER), '2'), '1');
    assert.deepEqual(played(message.doc), [`${app.url}/audio/spanish.mp3`]);
  });

  it('forwards a Spanish caller who presses 2 to the associate, announcing it in Spanish', async (t) => {
    const app = await startApp(t);
    const transfer = await press(await press(await webhook(`${app.url}/node/language`, ANSWER), '2'), '2');
    assert.deepEqual(spoken(transfer.doc), [{ text: 'Por favor espere mientras lo comunicamos con un asociado.', language: 'es-US' }]);
    const dial = dialOf(transfer.doc);
    assert.deepEqual(dial?.numbers, ['14155550100']);
    assert.equal(dial?.attributes['action'], `${app.url}/node/connecting?lang=es`);
    assert.equal(dial?.attributes['timeout'], '20');
  });

  it('dials the number set in ASSOCIATE_NUMBER', async (t) => {
    const app = await startApp(t, { flows: fixedFlow(demoFlow({ ASSOCIATE_NUMBER: '+442071838750' })) });
    const transfer = await webhook(`${app.url}/node/connecting?lang=en`);
    assert.deepEqual(dialOf(transfer.doc)?.numbers, ['442071838750']);
  });

  for (const status of ['no-answer', 'busy', 'failed', 'timeout']) {
    it(`apologises in the caller's language and returns to the menu when the associate's line is ${status}`, async (t) => {
      const app = await startApp(t);
      const after = await webhook(`${app.url}/node/connecting?lang=es`, { DialStatus: status, DialBLegUUID: '' });
      assert.deepEqual(spoken(after.doc), [{ text: 'Lo sentimos, todos nuestros asociados están ocupados en este momento.', language: 'es-US' }]);
      assert.equal(redirectOf(after.doc), `${app.url}/node/main?lang=es`);
    });
  }

  it('hangs up once a transfer to the associate has been completed', async (t) => {
    const app = await startApp(t);
    const after = await webhook(`${app.url}/node/connecting?lang=en`, { DialStatus: 'completed' });
    assert.ok(hangsUp(after.doc));
    assert.equal(gatherOf(after.doc), undefined);
  });
});

describe('wrong keys and silence', () => {
  it('says the invalid message and offers the same menu again after a key that is not an option', async (t) => {
    const app = await startApp(t);
    const again = await webhook(`${app.url}/node/main?lang=en`, { Digits: '7' });
    assert.deepEqual(spoken(again.doc), [
      { text: 'Sorry, that is not one of the options.', language: 'en-US' },
      { text: 'Press 1 to hear a message. Press 2 to talk to an associate.', language: 'en-US' },
    ]);
    assert.equal(gatherOf(again.doc)?.attributes['action'], `${app.url}/node/main?lang=en&attempt=2`);
  });

  it('answers a wrong key at the language menu in both languages', async (t) => {
    const app = await startApp(t);
    const again = await press(await webhook(`${app.url}/node/language`, ANSWER), '9');
    assert.deepEqual(spoken(again.doc).slice(0, 2), [
      { text: 'Sorry, that is not one of the options.', language: 'en-US' },
      { text: 'Lo siento, esa no es una de las opciones.', language: 'es-US' },
    ]);
    assert.ok(gatherOf(again.doc));
  });

  it('says the no-input message and offers the same menu again when the caller stays silent', async (t) => {
    const app = await startApp(t);
    const menu = await webhook(`${app.url}/node/main?lang=es`);
    assert.equal(redirectOf(menu.doc), `${app.url}/node/main?lang=es&event=no-input`);
    const again = await staySilent(menu);
    assert.equal(spoken(again.doc)[0]?.text, 'Lo siento, no escuché ninguna opción.');
    assert.equal(gatherOf(again.doc)?.attributes['action'], `${app.url}/node/main?lang=es&attempt=2`);
  });

  it('hangs up politely after three silent attempts', async (t) => {
    const app = await startApp(t);
    const first = await webhook(`${app.url}/node/main?lang=en`);
    const third = await staySilent(await staySilent(first));
    assert.equal(gatherOf(third.doc)?.attributes['action'], `${app.url}/node/main?lang=en&attempt=3`);
    const end = await staySilent(third);
    assert.deepEqual(spoken(end.doc), [
      { text: 'Sorry, I did not hear a choice.', language: 'en-US' },
      { text: 'Thank you for calling. Goodbye.', language: 'en-US' },
    ]);
    assert.ok(hangsUp(end.doc));
  });

  it('gives up after the third wrong key as well', async (t) => {
    const app = await startApp(t);
    const end = await webhook(`${app.url}/node/main?lang=es&attempt=3`, { Digits: '5' });
    assert.equal(spoken(end.doc)[0]?.text, 'Lo siento, esa no es una de las opciones.');
    assert.ok(hangsUp(end.doc));
  });

  it('treats an empty Digits (only the finish key) as silence', async (t) => {
    const app = await startApp(t);
    const again = await webhook(`${app.url}/node/main?lang=en`, { Digits: '' });
    assert.equal(spoken(again.doc)[0]?.text, 'Sorry, I did not hear a choice.');
  });

  it('accepts the digits of a GET action in the query string', async (t) => {
    const app = await startApp(t);
    const menu = await webhook(`${app.url}/node/language`, { Digits: '2' }, 'GET');
    assert.equal(spoken(menu.doc)[0]?.language, 'es-US');
  });
});

describe('requests the flow does not expect', () => {
  it('apologises and starts over at the entry for a node that does not exist', async (t) => {
    const app = await startApp(t);
    const answer = await webhook(`${app.url}/node/sales?lang=es`);
    assert.equal(answer.status, 200);
    assert.equal(spoken(answer.doc)[0]?.language, 'es-US');
    assert.equal(redirectOf(answer.doc), `${app.url}/node/language?lang=es`);
  });

  it('serves the menu from the first attempt when the query string is garbage', async (t) => {
    const app = await startApp(t);
    const answer = await webhook(`${app.url}/node/main?lang=%ZZ&attempt=-4&event=%00`);
    assert.equal(answer.status, 200);
    assert.equal(gatherOf(answer.doc)?.attributes['action'], `${app.url}/node/main`);
  });

  it('ignores a language the flow does not declare', async (t) => {
    const app = await startApp(t);
    const answer = await webhook(`${app.url}/node/main?lang=fr`);
    assert.equal(spoken(answer.doc)[0]?.language, 'en-US');
  });

  it('ignores a body that is not a form (Plivo only posts forms) and still answers the node', async (t) => {
    const app = await startApp(t);
    const response = await fetch(`${app.url}/node/main?lang=es`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(response.status, 200);
    const menu = parsePlivoXml(await response.text());
    assert.equal(spoken(menu)[0]?.language, 'es-US');
    assert.ok(gatherOf(menu));
  });

  it('reads a form with broken percent-escapes without failing', async (t) => {
    const app = await startApp(t);
    const response = await fetch(`${app.url}/node/language`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallUUID=%ZZ&Digits=2&Junk=100%' });
    assert.equal(response.status, 200);
    assert.equal(spoken(parsePlivoXml(await response.text()))[0]?.language, 'es-US');
  });
});

describe('the call log', () => {
  it('writes one JSON line per webhook with the CallUUID, node, digits and decision', async (t) => {
    const app = await startApp(t);
    await webhook(`${app.url}/node/language`, { ...ANSWER, CallUUID: 'call-42' });
    await webhook(`${app.url}/node/language`, { CallUUID: 'call-42', Digits: '2' });
    const lines = app.logs().filter((l) => l['callUuid'] === 'call-42');
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => [l['message'], l['nodeId'], l['digits'], (l['decision'] as { kind: string }).kind]),
      [['node served', 'language', undefined, 'enter'], ['node served', 'language', '2', 'goto']],
    );
    assert.equal(lines[0]?.['from'], ANSWER.From);
  });
});

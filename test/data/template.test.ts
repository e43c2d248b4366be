import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSsml, plainText, renderSsml, type SpeakBuilder } from '../../src/data/ssml.js';
import { fillSsml, fillTemplate, parseTemplate, type SpeakingOptions } from '../../src/data/template.js';
import { newResponse } from '../../src/ivr/plivo-xml.js';

const basic: SpeakingOptions = { locale: 'en-US', ssml: false, timeZone: 'America/New_York' };
const polly: SpeakingOptions = { ...basic, ssml: true };

function spoken(text: string, values: Record<string, string | number>, options: SpeakingOptions): string {
  const { parts, errors } = parseTemplate(text);
  assert.deepEqual(errors, []);
  return plainText(fillTemplate(parts, values, options));
}

test('dates, times and amounts are spoken as a person says them, in the caller\'s language', () => {
  const values = { name: 'Ana', at: '2026-12-01T15:30', due: '2026-12-25', balance: '1234.5', instant: '2026-12-01T20:30:00Z' };
  assert.equal(spoken('{{name}}, your appointment is {{at | datetime}}.', values, basic), 'Ana, your appointment is Tuesday, December 1 at 3:30 PM.');
  assert.equal(spoken('Due {{due | date}}; you owe {{balance | amount:USD}}.', values, basic), 'Due Friday, December 25; you owe $1,234.50.');
  assert.equal(spoken('At {{instant | time}}', values, basic), 'At 3:30 PM', 'an instant is spoken in the flow\'s time zone');
  assert.match(spoken('El {{at | datetime}}', values, { ...basic, locale: 'es-US' }), /^El martes, 1 de diciembre,? 3:30\sp\.\s?m\.$/);
});

test('digits are read one by one; with a Polly voice as SSML say-as', () => {
  assert.equal(spoken('Order {{order | digits}}, you are {{n | ordinal}}', { order: '123', n: 2 }, basic), 'Order 1 2 3, you are 2nd');
  const { parts } = parseTemplate('Order {{order | digits}}.');
  const xml = newResponse();
  renderSsml(xml.addSpeak('', { voice: 'Polly.Joanna', language: 'en-US' }) as unknown as SpeakBuilder, fillTemplate(parts, { order: '123' }, polly));
  assert.match(xml.toXML(), /<Speak voice="Polly.Joanna" language="en-US">Order <say-as interpret-as="digits">123<\/say-as>.<\/Speak>/);
});

test('a value is text, never markup', () => {
  const { parts } = parseTemplate('Hello {{name}}');
  const xml = newResponse();
  renderSsml(xml.addSpeak('', { voice: 'Polly.Joanna', language: 'en-US' }) as unknown as SpeakBuilder, fillTemplate(parts, { name: '<break time="10s"/>' }, polly));
  assert.match(xml.toXML(), /Hello &lt;break time="10s"\/&gt;<\/Speak>/);
});

test('templates inside SSML text are filled inside their element', () => {
  const parsed = parseSsml('<prosody rate="slow">Hi {{name}}</prosody>, code {{code | digits}}');
  assert.ok('nodes' in parsed);
  const xml = newResponse();
  renderSsml(xml.addSpeak('', { voice: 'Polly.Joanna', language: 'en-US' }) as unknown as SpeakBuilder, fillSsml(parsed.nodes, { name: 'Ana', code: '42' }, polly));
  assert.match(xml.toXML(), /<prosody rate="slow">Hi Ana<\/prosody>, code <say-as interpret-as="digits">42<\/say-as><\/Speak>/);
});

test('mistakes in placeholders are located', () => {
  assert.deepEqual(parseTemplate('Hi {{name | money}}').errors.map((error) => error.offset), [3]);
  assert.match(parseTemplate('Hi {{name | money}}').errors[0]!.message, /unknown format `money`/);
  assert.deepEqual(parseTemplate('Hi {{name').errors.map((error) => error.offset), [3]);
  assert.match(parseTemplate('Hi {{na-me}}').errors[0]!.message, /variable name/);
  assert.match(parseTemplate('{{x | date:EUR}}').errors[0]!.message, /only `amount` takes an argument/);
});

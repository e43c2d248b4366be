import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineColumnAt, parseSsml, plainText, renderSsml, voiceTakesSsml, type SpeakBuilder, type SsmlNode } from '../../src/data/ssml.js';
import { newResponse } from '../../src/ivr/plivo-xml.js';

function nodes(text: string): SsmlNode[] {
  const parsed = parseSsml(text);
  if ('errors' in parsed) assert.fail(parsed.errors.map((error) => `${error.offset}: ${error.message}`).join('\n'));
  return parsed.nodes;
}

function speakXml(text: string): string {
  const xml = newResponse();
  const speak = xml.addSpeak('', { voice: 'Polly.Joanna-Neural', language: 'en-US' }) as unknown as SpeakBuilder;
  renderSsml(speak, nodes(text));
  return xml.toXML();
}

test('SSML reaches Plivo as SSML, built by the SDK, with text escaped', () => {
  const xml = speakXml('Your code is <say-as interpret-as="digits">1234</say-as>.<break time="500ms"/> <prosody rate="slow">Tom &amp; Jerry <emphasis level="strong">now</emphasis></prosody>');
  assert.match(xml, /<Speak voice="Polly.Joanna-Neural" language="en-US">Your code is <say-as interpret-as="digits">1234<\/say-as>.<break time="500ms"\/> <prosody rate="slow">Tom &amp; Jerry <emphasis level="strong">now<\/emphasis><\/prosody><\/Speak>/);
});

test('the words without markup, for voices that take no SSML', () => {
  assert.equal(plainText(nodes('Call <sub alias="World Wide Web">WWW</sub> <break/>at <say-as interpret-as="telephone">555</say-as>')), 'Call World Wide Web at 555');
});

test('unknown tags, attributes and values, bad nesting and unclosed tags are errors at their offset', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['Hello <speak>there</speak>', 6, /unknown tag `<speak>`/],
    ['Hello <break tme="1s"/>', 6, /`<break>` has no attribute `tme`; it takes strength, time/],
    ['<say-as interpret-as="money">5</say-as>', 0, /expected characters, spell-out/],
    ['<say-as>5</say-as>', 0, /needs `interpret-as`/],
    ['<s>one <p>two</p></s>', 7, /`<p>` cannot be inside `<s>`/],
    ['<emphasis>loud', 0, /`<emphasis>` is never closed/],
    ['Tom & Jerry', 4, /bare `&`/],
    ['1 < 2', 2, /opens no tag/],
    ['<prosody rate="slow">x</emphasis>', 22, /`<\/emphasis>` where `<\/prosody>` was expected/],
  ];
  for (const [text, offset, message] of cases) {
    const parsed = parseSsml(text);
    assert.ok('errors' in parsed, text);
    assert.equal(parsed.errors[0]!.offset, offset, text);
    assert.match(parsed.errors[0]!.message, message, text);
  }
});

test('only Polly voices take SSML', () => {
  assert.equal(voiceTakesSsml('Polly.Joanna'), true);
  assert.equal(voiceTakesSsml('Polly.Lupe-Neural'), true);
  assert.equal(voiceTakesSsml('WOMAN'), false);
});

test('an offset in a multi-line prompt is a line and a column', () => {
  assert.deepEqual(lineColumnAt('one\ntwo <x>', 8), { line: 2, column: 5 });
});

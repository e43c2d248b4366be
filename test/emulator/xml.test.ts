import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPlivoXml, textContent } from '../../src/emulator/xml.js';

function problemsOf(xml: string): string[] {
  const result = readPlivoXml(xml);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('reading Plivo XML', () => {
  it('builds the element tree in document order with raw attributes and text', () => {
    const result = readPlivoXml(`<?xml version="1.0" encoding="UTF-8"?>
      <Response>
        <GetDigits action="https://h.example/menu?a=1&amp;b=2" numDigits="1">
          <Speak language="es-US">Marque uno &amp; dos</Speak>
          <Play>https://h.example/a.mp3</Play>
        </GetDigits>
        <Hangup/>
      </Response>`);
    assert.ok(result.ok);
    const [getDigits, hangup] = result.response.children;
    assert.equal(getDigits?.name, 'GetDigits');
    assert.deepEqual(getDigits?.attributes, { action: 'https://h.example/menu?a=1&b=2', numDigits: '1' });
    assert.deepEqual(getDigits?.children.map((c) => [c.name, c.text, c.path]), [
      ['Speak', 'Marque uno & dos', 'Response/GetDigits[1]/Speak[1]'],
      ['Play', 'https://h.example/a.mp3', 'Response/GetDigits[1]/Play[2]'],
    ]);
    assert.equal(hangup?.name, 'Hangup');
  });

  it('reads the text of SSML inside Speak', () => {
    const result = readPlivoXml('<Response><Speak>Hello <break time="1s"/> <emphasis>world</emphasis></Speak></Response>');
    assert.ok(result.ok);
    const speak = result.response.children[0];
    assert.ok(speak);
    assert.equal(textContent(speak), 'Hello world');
  });

  it('accepts an empty Response', () => {
    assert.deepEqual(problemsOf('<Response/>'), []);
  });
});

describe('rejecting what Plivo rejects', () => {
  const rejected: { name: string; xml: string; expected: string[] }[] = [
    { name: 'malformed XML', xml: '<Response><Speak>Hi</Response>', expected: ['malformed XML at 1:'] },
    { name: 'an empty body', xml: '  ', expected: ['empty document'] },
    { name: 'a root other than Response', xml: '<Reply><Hangup/></Reply>', expected: ['root element must be <Response>'] },
    { name: 'an unknown element', xml: '<Response><Say>Hi</Say></Response>', expected: ['Response/Say[1]: <Say>: unknown element'] },
    { name: 'a wrongly cased element', xml: '<Response><speak>Hi</speak></Response>', expected: ['unknown element (did you mean "Speak"?)'] },
    {
      name: 'an attribute with the wrong case',
      xml: '<Response><GetDigits Action="https://h/x"/></Response>',
      expected: ['Response/GetDigits[1]: <GetDigits>: attribute "Action" is not allowed (did you mean "action"?)'],
    },
    { name: 'an attribute the element does not take', xml: '<Response><Play voice="MAN">https://h/a.mp3</Play></Response>', expected: ['attribute "voice" is not allowed'] },
    {
      name: 'Dial inside GetDigits',
      xml: '<Response><GetDigits><Dial><Number>1555</Number></Dial></GetDigits></Response>',
      expected: ['Response/GetDigits[1]/Dial[1]: <Dial>: not allowed inside <GetDigits> (it may contain Speak, Play, Wait)'],
    },
    { name: 'Speak inside Dial', xml: '<Response><Dial><Speak>Hi</Speak></Dial></Response>', expected: ['<Speak>: not allowed inside <Dial>'] },
    { name: 'Number outside Dial', xml: '<Response><Number>15551234567</Number></Response>', expected: ['<Number>: not allowed inside <Response>'] },
    { name: 'a relative GetDigits action', xml: '<Response><GetDigits action="/node/menu"/></Response>', expected: ['attribute "action" must be an absolute http(s) URL, got "/node/menu"'] },
    { name: 'a relative Dial action', xml: '<Response><Dial action="next"><Number>1555</Number></Dial></Response>', expected: ['attribute "action" must be an absolute'] },
    { name: 'a relative Record action', xml: '<Response><Record action="/vm"/></Response>', expected: ['attribute "action" must be an absolute'] },
    { name: 'a relative Redirect', xml: '<Response><Redirect>/node/menu</Redirect></Response>', expected: ['<Redirect>: text must be an absolute http(s) URL'] },
    { name: 'a relative Play URL', xml: '<Response><Play>audio/en.mp3</Play></Response>', expected: ['<Play>: text must be an absolute http(s) URL'] },
    { name: 'a Play without URL', xml: '<Response><Play/></Response>', expected: ['<Play>: text is required'] },
    { name: 'a non-numeric timeout', xml: '<Response><GetDigits timeout="five"/></Response>', expected: ['attribute "timeout" must be an integer ≥ 1, got "five"'] },
    { name: 'zero retries', xml: '<Response><GetDigits retries="0"/></Response>', expected: ['attribute "retries" must be an integer ≥ 1'] },
    { name: 'a lowercase method', xml: '<Response><Redirect method="post">https://h/x</Redirect></Response>', expected: ['attribute "method" must be one of "GET", "POST"'] },
    { name: 'a non-boolean redirect', xml: '<Response><GetDigits redirect="yes"/></Response>', expected: ['attribute "redirect" must be one of "true", "false"'] },
    { name: 'a two-key finishOnKey', xml: '<Response><GetDigits finishOnKey="##"/></Response>', expected: ['attribute "finishOnKey" must be one phone key'] },
    { name: 'text in Hangup', xml: '<Response><Hangup>now</Hangup></Response>', expected: ['<Hangup>: takes no text'] },
    { name: 'an attribute on Response', xml: '<Response lang="en"/>', expected: ['Response: <Response>: attribute "lang" is not allowed'] },
  ];
  for (const { name, xml, expected } of rejected) {
    it(`rejects ${name}`, () => {
      const problems = problemsOf(xml);
      assert.equal(problems.length, expected.length, problems.join('\n'));
      expected.forEach((fragment, i) => assert.ok(problems[i]?.includes(fragment), `${problems[i]} should include ${fragment}`));
    });
  }

  it('reports every problem at once, in document order', () => {
    const problems = problemsOf(
      '<Response><Speak loop="x">Hi</Speak><Foo/><GetDigits action="/a" numDigits="0"><Hangup/></GetDigits></Response>',
    );
    assert.deepEqual(problems.map((p) => p.split(':')[0]), [
      'Response/Speak[1]',
      'Response/Foo[2]',
      'Response/GetDigits[3]',
      'Response/GetDigits[3]',
      'Response/GetDigits[3]/Hangup[1]',
    ]);
  });
});

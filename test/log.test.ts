import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../src/log.js';

function capture(secrets: string[]): { log: ReturnType<typeof createLogger>; lines: () => string[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { log: createLogger({ level: 'debug', secrets, stream }), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('the logger', () => {
  it('writes one JSON line per entry with the message, fields and a timestamp', () => {
    const { log, lines } = capture([]);
    log.child({ callUuid: 'abc' }).info('node served', { nodeId: 'main', digits: '1' });
    const line = JSON.parse(lines()[0] ?? '{}') as Record<string, unknown>;
    assert.equal(line['message'], 'node served');
    assert.equal(line['callUuid'], 'abc');
    assert.equal(line['digits'], '1');
    assert.match(String(line['timestamp']), /^\d{4}-\d\d-\d\dT/);
  });

  it('never writes a secret, wherever it hides: message, nested fields, lists, secret-named keys', () => {
    const token = 'MAXXXXXXXXXXXXXXXXXX-token-value';
    const { log, lines } = capture([token]);
    log.warn(`failed with ${token}`, { detail: { nested: [`Basic ${token}`] }, authorization: 'Bearer anything', plain: 'kept' });
    const text = lines().join('\n');
    assert.ok(!text.includes(token), text);
    assert.ok(!text.includes('Bearer anything'), text);
    assert.match(text, /failed with \[redacted\]/);
    assert.match(text, /"plain":"kept"/);
  });

  it('leaves the caller\'s objects untouched while redacting', () => {
    const { log } = capture(['s3cr3t-value']);
    const fields = { detail: 'has s3cr3t-value inside' };
    log.info('x', fields);
    assert.equal(fields.detail, 'has s3cr3t-value inside');
  });
});

describe('the logger, on its fast and careful paths', () => {
  it('redacts a secret that JSON has to escape (quotes, backslashes), and still writes lines JSON.stringify cannot', () => {
    const token = 'tok"en\\with-quotes';
    const { log, lines } = capture([token]);
    log.info('escaped', { detail: `x ${token} y` });
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle['self'] = cycle;
    log.info('odd fields', { cycle, big: 10n });
    const [escaped, odd] = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(escaped?.['detail'], 'x [redacted] y');
    assert.equal(odd?.['message'], 'odd fields');
    assert.equal(String(odd?.['big']), '10');
    assert.equal((odd?.['cycle'] as Record<string, unknown> | undefined)?.['name'], 'loop');
    assert.match(String(odd?.['timestamp']), /^\d{4}-\d\d-\d\dT/);
  });

  it('redacts a secret-named key nested in a list, and leaves an ordinary line as it was given', () => {
    const { log, lines } = capture(['s3cr3t-value']);
    log.info('nested', { headers: [{ 'X-Plivo-Signature-V3': 'sig' }] });
    log.info('node served', { callUuid: 'c-1', nodeId: 'main', digits: '1', attempt: 2 });
    const [nested, plain] = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(nested?.['headers'], [{ 'X-Plivo-Signature-V3': '[redacted]' }]);
    assert.deepEqual({ ...plain, timestamp: undefined }, { level: 'info', message: 'node served', callUuid: 'c-1', nodeId: 'main', digits: '1', attempt: 2, timestamp: undefined });
  });
});

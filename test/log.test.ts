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

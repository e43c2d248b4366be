/**
 * The floor: what a webhook costs when one Koa middleware does its work by hand, with nothing
 * else in the way. It reads and parses the form body once, checks the V3 signature with a bare
 * HMAC-SHA256 and timingSafeEqual, builds a menu's XML (Speak inside GetDigits, then a
 * Redirect) with the plivo SDK's builder, and writes one JSON log line. The real app does this
 * and more (routing, hot-reloadable flows, the interpreter, redaction), so it cannot beat it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Writable } from 'node:stream';
import Koa from 'koa';
import { newResponse } from '../src/ivr/plivo-xml.js';

export interface FloorOptions { publicUrl: string; authToken: string; log: Writable }

export function floorHandler(options: FloorOptions): RequestListener {
  const app = new Koa({ proxy: true });
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const form = new URLSearchParams(raw);
    const params: Record<string, string> = {};
    for (const [key, value] of form) params[key] ??= value;

    const at = ctx.originalUrl.indexOf('?');
    const path = at === -1 ? ctx.originalUrl : ctx.originalUrl.slice(0, at);
    const query = at === -1 ? '' : [...new URLSearchParams(ctx.originalUrl.slice(at + 1))].map(([k, v]) => `${k}=${v}`).sort().join('&');
    const body = [...form].map(([k, v]) => k + v).sort().join('');
    const base = `${options.publicUrl}${path}?${query}${query === '' ? '' : '.'}${body}`;
    const expected = createHmac('sha256', options.authToken).update(`${base}.${ctx.get('x-plivo-signature-v3-nonce')}`).digest('base64');
    const given = Buffer.from(ctx.get('x-plivo-signature-v3'));
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      ctx.status = 403;
      return;
    }

    const xml = newResponse();
    const digits = xml.addGetDigits({ action: `${options.publicUrl}/node/main?lang=en`, method: 'POST', timeout: 6, numDigits: 1, retries: 1, validDigits: '12' });
    digits.addSpeak('Press 1 to hear a message. Press 2 to talk to an associate.', { language: 'en-US', voice: 'WOMAN' });
    xml.addRedirect(`${options.publicUrl}/node/main?lang=en&event=no-input`, { method: 'POST' });
    ctx.type = 'application/xml';
    ctx.body = xml.toXML();
    options.log.write(`${JSON.stringify({ level: 'info', message: 'node served', callUuid: params['CallUUID'], nodeId: path.slice(6), digits: params['Digits'], timestamp: new Date().toISOString() })}\n`);
  });
  return app.callback();
}

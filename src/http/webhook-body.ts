import type { Middleware } from 'koa';
import { isPlivoWebhook } from './plivo-signature.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Reads the body of a Plivo webhook once, before the general body parser: Plivo posts flat
 * `application/x-www-form-urlencoded` fields, so `URLSearchParams` is all the parsing needed
 * (qs, which the general parser uses, builds nested objects Plivo never sends and was the
 * largest single cost in a webhook's profile). Sets `rawBody` (what the signature is checked
 * against) and `body` (first value of each field). A body over `limitBytes` is a 413.
 */
export function readWebhookBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !isPlivoWebhook(ctx.path)) return next();
    const declared = Number(ctx.get('content-length') || '0');
    if (declared > limitBytes) ctx.throw(413, `request body is larger than ${limitBytes} bytes`);
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) ctx.throw(413, `request body is larger than ${limitBytes} bytes`);
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: Record<string, string> = {};
    if (ctx.is(FORM)) {
      for (const [key, value] of new URLSearchParams(raw)) if (!(key in body)) body[key] = value;
    }
    Object.assign(ctx.request, { rawBody: raw, body });
    return next();
  };
}

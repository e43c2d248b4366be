import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Reads the body of a Plivo webhook POST once: Plivo posts flat
 * `application/x-www-form-urlencoded` fields, so `URLSearchParams` is all the parsing needed
 * (qs builds nested objects Plivo never sends and was the largest single cost in a webhook's
 * profile), once: it sets `rawBody`, `form` (every value of each field, in order: what the
 * signature covers) and `body` (the first value of each field). A body over `limitBytes` is a
 * 413, whether it declares its length or comes chunked. Any other method passes through with its body unread: a GET or HEAD webhook's
 * parameters are its (signed) query, never a body.
 */
export function readWebhookBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST') return next();
    const declared = Number(ctx.get('content-length') || '0');
    if (declared > limitBytes) ctx.throw(413, `request body is larger than ${limitBytes} bytes`);
    const read = await readLimited(ctx.req, limitBytes);
    if (read === 'too-large') ctx.throw(413, `request body is larger than ${limitBytes} bytes`);
    const raw = read.toString('utf8');
    const body: Record<string, string> = {};
    const form: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    if (ctx.is(FORM)) {
      for (const [key, value] of new URLSearchParams(raw)) {
        const values = form[key];
        if (values !== undefined) values.push(value);
        else form[key] = [value];
        if (!Object.hasOwn(body, key)) body[key] = value;
      }
    }
    Object.assign(ctx.request, { rawBody: raw, body, form });
    return next();
  };
}

/**
 * The request's body, or 'too-large' as soon as it passes `limit`. On overflow it stops
 * reading without destroying the request: once the 413 is sent Node discards the rest, so the
 * client gets its answer and the socket (and its address, for the log) stays intact.
 */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      done('too-large');
    };
    const onEnd = (): void => {
      stop();
      done(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      stop();
      fail(error);
    };
    const onClose = (): void => {
      stop();
      fail(Object.assign(new Error('the client closed the request before its body was complete'), { status: 400, expose: true }));
    };
    if (req.destroyed) {
      onClose();
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

import type { Middleware } from 'koa';

/**
 * The outermost middleware: every text body the server sends (Plivo XML, JSON, plain-text
 * errors, SVG) goes through `scrub`, so a secret that slipped into a flow, a problem report or
 * an upstream error message is sent as `[redacted]`. Streams (audio files) and buffers pass untouched.
 */
export function scrubResponses(scrub: (text: string) => string): Middleware {
  return async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (typeof body === 'string') {
      const clean = scrub(body);
      if (clean !== body) replace(ctx, clean);
    } else if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && typeof (body as { pipe?: unknown }).pipe !== 'function') {
      const text = JSON.stringify(body);
      const clean = scrub(text);
      if (clean !== text) replace(ctx, clean);
    }
  };
}

/** Sets a new body keeping the status and content type the handler chose. */
function replace(ctx: Parameters<Middleware>[0], text: string): void {
  const { status, type } = ctx;
  ctx.body = text;
  ctx.status = status;
  if (type !== '') ctx.type = type;
}

import type { Context } from 'koa';

/**
 * The parameters of a webhook as Plivo signed them, in one flat map of strings: a GET (or
 * HEAD) has only its query (Plivo signs nothing else; a body on a GET is never read), a POST
 * its query and its form body (body wins on a clash). Repeated keys keep their first value.
 * Never throws.
 */
export function webhookParams(ctx: Context): Record<string, string> {
  // No prototype: a parameter named `__proto__` or `constructor` is just a parameter.
  const params = Object.create(null) as Record<string, string>;
  const add = (source: unknown): void => {
    if (source === null || typeof source !== 'object') return;
    for (const [key, value] of Object.entries(source)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string' || typeof first === 'number') params[key] = String(first);
    }
  };
  add(ctx.query);
  if (ctx.method === 'POST') add((ctx.request as { body?: unknown }).body);
  return params;
}

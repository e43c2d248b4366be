import type { Context } from 'koa';

/**
 * Query and form body merged into one flat map of strings, like Plivo means them (a GET
 * action carries Digits in the query, a POST in the body). Body wins on a clash; repeated
 * keys keep their first value. Never throws.
 */
export function webhookParams(ctx: Context): Record<string, string> {
  const params: Record<string, string> = {};
  const add = (source: unknown): void => {
    if (source === null || typeof source !== 'object') return;
    for (const [key, value] of Object.entries(source)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string' || typeof first === 'number') params[key] = String(first);
    }
  };
  add(ctx.query);
  add((ctx.request as { body?: unknown }).body);
  return params;
}

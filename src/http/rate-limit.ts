import type Koa from 'koa';
import type { Logger } from '../log.js';

export interface RateLimitOptions {
  /** Requests a client may make in a burst (the bucket's size). */
  burst: number;
  /** Requests a client regains per minute. */
  perMinute: number;
  logger: Logger;
  /** The clock (ms); tests pass their own. */
  now?: () => number;
}

interface Bucket { tokens: number; at: number }

/** Above this many clients, full buckets (clients idle long enough to be forgiven) are dropped. */
const MAX_CLIENTS = 10_000;

/**
 * Route middleware: a token bucket per client (the socket's address, which a client cannot
 * forge; never X-Forwarded-For, which it can): each request takes a token, tokens come back
 * at `perMinute`. Behind a proxy on this machine (ngrok) every client shares the proxy's
 * address, so they share one bucket: stricter, never looser. With none left: 429 JSON `{error, detail}` and `Retry-After` (seconds). In
 * memory, per process: enough to stop a runaway script or a token-guessing loop (it runs
 * before the token check), not a distributed quota.
 */
export function rateLimit(options: RateLimitOptions): Koa.Middleware {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return async (ctx, next) => {
    const client = ctx.req.socket.remoteAddress ?? 'unknown';
    const time = now();
    const bucket = buckets.get(client) ?? { tokens: options.burst, at: time };
    bucket.tokens = Math.min(options.burst, bucket.tokens + (time - bucket.at) * perMs);
    bucket.at = time;
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      options.logger.warn('request rate limited', { path: ctx.path, client, retryAfter });
      ctx.status = 429;
      ctx.set('Retry-After', String(retryAfter));
      ctx.body = { error: 'rate_limited', detail: `too many requests from ${client}: at most ${options.burst} at once and ${options.perMinute} a minute; try again in ${retryAfter} s` };
      return;
    }
    bucket.tokens -= 1;
    if (!buckets.has(client) && buckets.size >= MAX_CLIENTS) forgive(buckets, options.burst, time, perMs);
    buckets.set(client, bucket);
    return next();
  };
}

function forgive(buckets: Map<string, Bucket>, burst: number, time: number, perMs: number): void {
  for (const [client, bucket] of buckets) {
    if (bucket.tokens + (time - bucket.at) * perMs >= burst) buckets.delete(client);
  }
}

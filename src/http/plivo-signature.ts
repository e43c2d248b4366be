import type Koa from 'koa';
import type { Logger } from '../log.js';
import { validateV3Signature } from './v3-signature.js';

export interface PlivoSignatureDeps {
  /** PLIVO_AUTH_TOKEN: the key Plivo signs with. */
  authToken: string;
  /** PUBLIC_URL: the scheme, host and path prefix Plivo called, whatever the socket says. */
  publicUrl: string;
  logger: Logger;
}

/**
 * Route middleware of every Plivo webhook (/node/:id, /hangup), after the webhook's form
 * reader: the request must carry a V3
 * signature (`X-Plivo-Signature-V3` or `X-Plivo-Signature-Ma-V3`, each possibly several
 * comma-separated signatures, with `X-Plivo-Signature-V3-Nonce`) that the SDK's
 * `validateV3Signature` would accept (./v3-signature.ts gives its answers, cheaper) for the URL Plivo called: PUBLIC_URL + the request's path and
 * query, so it holds behind ngrok or a proxy. Otherwise 403, logged with the source address,
 * and nothing runs. It sits on the webhook routes themselves, so no spelling of a path can
 * reach a webhook without it.
 */
export function plivoSignature(deps: PlivoSignatureDeps): Koa.Middleware {
  return async (ctx, next) => {
    const verdict = check(ctx, deps);
    if (verdict === 'valid') return next();
    deps.logger.warn('webhook signature rejected', {
      reason: verdict,
      method: ctx.method,
      path: ctx.path,
      // The socket's address, and what the proxy in front says the client was.
      address: ctx.req.socket.remoteAddress,
      forwardedFor: ctx.get('x-forwarded-for') || undefined,
    });
    ctx.status = 403;
    ctx.type = 'text/plain';
    ctx.body = verdict === 'missing'
      ? 'forbidden: this webhook only answers requests signed by Plivo (X-Plivo-Signature-V3 and X-Plivo-Signature-V3-Nonce are missing)'
      : 'forbidden: the X-Plivo-Signature-V3 signature does not match this request';
  };
}

type Verdict = 'valid' | 'missing' | 'invalid';

function check(ctx: Koa.Context, deps: PlivoSignatureDeps): Verdict {
  const nonce = ctx.get('x-plivo-signature-v3-nonce');
  const signatures = [ctx.get('x-plivo-signature-v3'), ctx.get('x-plivo-signature-ma-v3')]
    .flatMap((header) => header.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (nonce === '' || signatures.length === 0) return 'missing';
  // Plivo signs GET (and HEAD, never sent) with its query only; POST with the form body too.
  const method = ctx.method === 'POST' ? 'POST' : ctx.method === 'GET' || ctx.method === 'HEAD' ? 'GET' : undefined;
  if (method === undefined) return 'invalid';
  const url = deps.publicUrl + ctx.originalUrl;
  const params = method === 'POST' ? formParams(ctx) : {};
  // The SDK splits on ',' without trimming; hand it the trimmed list.
  return validateV3Signature(method, url, nonce, deps.authToken, signatures.join(','), params) ? 'valid' : 'invalid';
}

/**
 * The form body exactly as sent, key by key (repeated keys keep every value), as webhookForm
 * read it: never the parsed `body`, which keeps one value per key.
 */
function formParams(ctx: Koa.Context): Readonly<Record<string, readonly string[]>> {
  return (ctx.request as { form?: Record<string, string[]> }).form ?? {};
}

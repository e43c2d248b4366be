import type { Middleware } from 'koa';
import type { Logger } from '../log.js';
import { plivoSignature } from './plivo-signature.js';
import { readWebhookBody } from './webhook-body.js';

export interface WebhookGuardDeps {
  /** PLIVO_AUTH_TOKEN when signatures are checked; undefined when they are not. */
  authToken: string | undefined;
  publicUrl: string;
  logger: Logger;
}

/** Largest webhook body read (Plivo's are a few hundred bytes). */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/** What the error boundary reads to answer a webhook with XML rather than JSON. */
export interface WebhookState { webhook?: boolean }

/**
 * The middleware every Plivo webhook route carries before its handler: marks the request as a
 * webhook (so an error still gets Plivo XML), reads the form body of a POST (64 kB at most),
 * and checks Plivo's signature when a token is set. Being on the route, it guards exactly the
 * requests the route serves, however the path is spelled.
 */
export function webhookGuard(deps: WebhookGuardDeps): Middleware[] {
  const mark: Middleware = async (ctx, next) => {
    (ctx.state as WebhookState).webhook = true;
    return next();
  };
  const signature = deps.authToken === undefined ? [] : [plivoSignature({ authToken: deps.authToken, publicUrl: deps.publicUrl, logger: deps.logger })];
  return [mark, readWebhookBody(WEBHOOK_BODY_LIMIT), ...signature];
}

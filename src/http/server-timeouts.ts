import type { ServerOptions } from 'node:http';

/**
 * How long a connection may take, for a server whose clients (Plivo, a load balancer, the
 * page) send each request whole and at once. Node's defaults (300 s for a request, a check
 * every 30 s) let a client trickling one byte every few seconds hold a socket for minutes.
 */
export interface ServerTimeouts {
  /** The whole request, headers and body, must arrive within this (ms); else 408 and the socket is closed. */
  requestTimeout: number;
  /** The headers must arrive within this (ms). */
  headersTimeout: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeout: number;
  /** How often the limits above are checked (ms). */
  connectionsCheckingInterval: number;
}

export const SERVER_TIMEOUTS: Readonly<ServerTimeouts> = Object.freeze({
  requestTimeout: 10_000,
  headersTimeout: 5_000,
  keepAliveTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
});

/** Options for `http.createServer`: the timeouts above, with any overrides (tests use shorter ones). */
export function serverOptions(overrides: Partial<ServerTimeouts> = {}): ServerOptions {
  const timeouts = { ...SERVER_TIMEOUTS, ...overrides };
  // Node requires headersTimeout <= requestTimeout.
  return { ...timeouts, headersTimeout: Math.min(timeouts.headersTimeout, timeouts.requestTimeout) };
}

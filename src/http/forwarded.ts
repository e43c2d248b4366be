import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers a reverse proxy (ngrok, nginx, a load balancer, a CDN) adds to say whom it forwards.
 * Their values are whatever the client or the proxy wrote, so they are never an address to
 * trust; their mere presence says the request came through a proxy.
 */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-client-ip',
  'x-original-forwarded-for',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'via',
] as const;

/** The first proxy header the request carries, or undefined for a request that came straight from its client. */
export function proxyHeaderOf(headers: IncomingHttpHeaders): string | undefined {
  return PROXY_HEADERS.find((name) => headers[name] !== undefined);
}

/** Host names that only ever mean this machine (a DNS name could be rebound to 127.0.0.1 by anyone). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

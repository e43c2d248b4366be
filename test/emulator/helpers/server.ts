/**
 * A tiny webhook server for emulator tests: serves hand-written Plivo XML per path and records
 * every request it receives (with the V3 signature checked by the real plivo SDK).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import plivo from 'plivo';

export interface Reply {
  readonly status?: number;
  readonly type?: string;
  readonly body: string | Uint8Array;
}

/** A path's answer: XML text (served as application/xml), a full reply, or a function of the request. */
export type Route = string | Reply | ((request: Received) => string | Reply);

export interface Received {
  readonly method: string;
  /** Path without query. */
  readonly path: string;
  /** Full URL as requested, query included. */
  readonly url: string;
  /** Query and form body merged. */
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  /** With an auth token: whether the SDK's validateV3Signature accepts the request. */
  readonly signatureValid: boolean | null;
}

export interface TestServer {
  readonly base: string;
  readonly requests: Received[];
  /** Requests to one path, in order. */
  to(path: string): Received[];
}

/**
 * Start the server on 127.0.0.1 (random port) and close it when the test ends. `routes` gets the
 * base URL so documents can hold absolute URLs.
 */
export async function serve(
  t: TestContext,
  routes: (base: string) => Record<string, Route>,
  options: { authToken?: string } = {},
): Promise<TestServer> {
  const requests: Received[] = [];
  let table: Record<string, Route> = {};
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = `${base}${req.url ?? '/'}`;
      const parsed = new URL(url);
      const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const method = req.method ?? 'GET';
      const received: Received = {
        method,
        path: parsed.pathname,
        url,
        params: { ...Object.fromEntries(parsed.searchParams), ...body },
        headers: req.headers,
        signatureValid: checkSignature(options.authToken, method, url, req.headers, method === 'POST' ? body : {}),
      };
      requests.push(received);
      const route = table[parsed.pathname];
      const answer = typeof route === 'function' ? route(received) : route;
      const reply: Reply =
        answer === undefined ? { status: 404, type: 'text/plain', body: 'not found' } : typeof answer === 'string' ? { body: answer } : answer;
      res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/xml' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(base);
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { base, requests, to: (path) => requests.filter((r) => r.path === path) };
}

function checkSignature(
  token: string | undefined,
  method: string,
  url: string,
  headers: IncomingMessage['headers'],
  params: Record<string, string>,
): boolean | null {
  if (token === undefined) return null;
  const signature = headers['x-plivo-signature-v3'];
  const nonce = headers['x-plivo-signature-v3-nonce'];
  if (typeof signature !== 'string' || typeof nonce !== 'string') return false;
  return Boolean(plivo.validateV3Signature(method, url, nonce, token, signature, params));
}

/** A Plivo document: `xml\`<Speak>Hi</Speak>\`` → `<Response>…</Response>`. */
export function response(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
}

/**
 * An MPEG audio reply that plays exactly `seconds` s: silent MPEG-1 Layer I frames (128 kbit/s,
 * 48 kHz: 128 bytes and 8 ms each), so the emulator's frame reading has real headers to read.
 */
export function mp3(seconds = 2): Reply {
  const frames = Math.round((seconds * 1000) / 8);
  const body = new Uint8Array(frames * 128);
  for (let i = 0; i < frames; i += 1) body.set([0xff, 0xff, 0x44, 0x00], i * 128);
  return { type: 'audio/mpeg', body };
}

/**
 * A `fetch` that hands each request straight to a Node request handler (the app's
 * `app.callback()`) with light-my-request, without a socket: for the emulator's many calls in
 * tests, where a loopback connection adds time and nothing the tests look at. The request is the
 * one the emulator would send (method, path and query, headers, form body); the URL's host is
 * kept in the Host header, so signatures made for it still check.
 */
import type { RequestListener } from 'node:http';
import inject from 'light-my-request';

export function injectFetch(handler: RequestListener): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const reply = await inject(handler, {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      authority: url.host,
      headers: headersOf(request),
      ...(body === undefined ? {} : { payload: body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one));
    }
    const empty = [101, 204, 205, 304].includes(reply.statusCode) || request.method === 'HEAD';
    return new Response(empty ? null : new Uint8Array(reply.rawPayload), { status: reply.statusCode, headers });
  };
}

function headersOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

import { request } from 'node:http';

export interface RawReply { status: number; contentType: string; text: string }

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent, not normalised. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTP request with nothing checked or rewritten on the client side (any method, any path bytes fetch() would refuse). */
export function rawRequest(base: string, options: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    // A body always goes with its length: Node sends a GET's body unframed otherwise.
    const framed = options.body === undefined || Object.keys(options.headers ?? {}).some((h) => /^(content-length|transfer-encoding)$/i.test(h));
    const length = framed ? {} : { 'content-length': String(Buffer.byteLength(options.body ?? '')) };
    const req = request({ hostname, port, method: options.method, path: options.path, headers: { connection: 'close', ...length, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

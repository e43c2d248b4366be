/** The example backend on a loopback port: what `npm run example-backend`, `npm run simulate` and the tests start. */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBackend, type Backend, type BackendOptions } from './app.js';

export const EXAMPLE_BACKEND_PORT = 4010;

export interface RunningBackend extends Backend { server: Server; url: string; close(): Promise<void> }

/** Starts the example backend on loopback (port 0: any free port). */
export async function startBackend(port = EXAMPLE_BACKEND_PORT, options: BackendOptions = {}): Promise<RunningBackend> {
  const backend = createBackend(options);
  const server = createServer(backend.app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...backend,
    server,
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Starts the example backend in this process when a flow's lookups point at the address it
 * serves and nothing answers there yet (what `npm run simulate` and the page do), so the
 * examples work out of the box. Sets EXAMPLE_BACKEND_TOKEN to a random token when unset, for
 * the flows' `Authorization: Bearer ${EXAMPLE_BACKEND_TOKEN}`. Undefined when not needed.
 */
export async function startBackendFor(lookupUrls: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RunningBackend | undefined> {
  const base = `http://127.0.0.1:${EXAMPLE_BACKEND_PORT}`;
  if (!lookupUrls.some((url) => url.startsWith(`${base}/`))) return undefined;
  const answering = await fetch(`${base}/accounts`, { signal: AbortSignal.timeout(500) }).then(() => true, () => false);
  if (answering) return undefined;
  if (env['EXAMPLE_BACKEND_TOKEN'] === undefined || env['EXAMPLE_BACKEND_TOKEN'] === '') env['EXAMPLE_BACKEND_TOKEN'] = randomBytes(16).toString('hex');
  return startBackend(EXAMPLE_BACKEND_PORT, { token: env['EXAMPLE_BACKEND_TOKEN'] });
}

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { ServedFlows } from '../flow/catalog.js';

const AUDIO_TYPES: ReadonlyMap<string, string> = new Map([['.mp3', 'audio/mpeg'], ['.wav', 'audio/wav']]);

/**
 * GET|HEAD /audio/<path> — the recordings the default flow plays, from `dir` (subfolders too);
 * /flows/<name>/audio/<path> — a named flow's, from its own `audioDir`. Only
 * .mp3 and .wav regular files whose real path (symbolic links followed) is inside `dir`: a
 * link in the folder pointing elsewhere is not served. Anything else is a 404.
 */
export function addAudioRoute(router: Router, dir: string, named: ServedFlows['named']): void {
  const root = resolve(dir);
  const serve = (rootOf: (flow: string | undefined) => string | undefined): Middleware => async (ctx) => {
    const params = ctx.params as Record<string, string | string[] | undefined>;
    const flow = params['flow'];
    const base = rootOf(typeof flow === 'string' ? flow : undefined);
    if (base === undefined) return; // an unknown flow: the router leaves it a 404
    const file = await servable(base, params['path']);
    if (file === undefined) return; // the router leaves it a 404
    ctx.status = 200;
    ctx.type = file.type;
    ctx.length = file.size;
    ctx.set('Cache-Control', 'public, max-age=300');
    // Koa answers HEAD with these headers and no body; only GET opens the file.
    if (ctx.method === 'GET') ctx.body = createReadStream(file.path);
  };
  router.get('/audio/{*path}', serve(() => root));
  router.get('/flows/:flow/audio/{*path}', serve((flow) => (flow === undefined ? undefined : named.get(flow)?.audioDir)));
}

/** The file to send for a requested path, or undefined. Never throws. */
async function servable(root: string, requested: string | string[] | undefined): Promise<{ path: string; type: string; size: number } | undefined> {
  const relativePath = Array.isArray(requested) ? requested.join('/') : requested;
  if (relativePath === undefined || relativePath === '' || relativePath.includes('\0')) return undefined;
  const type = AUDIO_TYPES.get(extname(relativePath).toLowerCase());
  if (type === undefined) return undefined;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(resolve(root, relativePath));
    if (!real.startsWith(realRoot + sep)) return undefined;
    const info = await stat(real);
    if (!info.isFile()) return undefined;
    // Open the resolved path, not the requested one: no link is followed after the check.
    return { path: real, type, size: info.size };
  } catch {
    return undefined;
  }
}

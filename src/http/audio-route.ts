import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type Router from '@koa/router';

const AUDIO_TYPES: ReadonlyMap<string, string> = new Map([['.mp3', 'audio/mpeg'], ['.wav', 'audio/wav']]);

/**
 * GET|HEAD /audio/<path> — the recordings a flow plays, from `dir` (subfolders too). Only
 * .mp3 and .wav regular files whose real path (symbolic links followed) is inside `dir`: a
 * link in the folder pointing elsewhere is not served. Anything else is a 404.
 */
export function addAudioRoute(router: Router, dir: string): void {
  const root = resolve(dir);
  router.get('/audio/{*path}', async (ctx) => {
    const file = await servable(root, (ctx.params as Record<string, string | string[] | undefined>)['path']);
    if (file === undefined) return; // the router leaves it a 404
    ctx.status = 200;
    ctx.type = file.type;
    ctx.length = file.size;
    ctx.set('Cache-Control', 'public, max-age=300');
    // Koa answers HEAD with these headers and no body; only GET opens the file.
    if (ctx.method === 'GET') ctx.body = createReadStream(file.path);
  });
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

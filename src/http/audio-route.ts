import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Middleware } from 'koa';

const AUDIO_TYPES: Readonly<Record<string, string>> = { '.mp3': 'audio/mpeg', '.wav': 'audio/wav' };
const PREFIX = '/audio/';

/**
 * GET|HEAD /audio/<path> — the recordings a flow plays, from `dir` (subfolders too). Only
 * .mp3 and .wav, only inside `dir`; anything else falls through (404).
 */
export function serveAudio(dir: string): Middleware {
  const root = resolve(dir);
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    let relativePath: string;
    try {
      relativePath = decodeURIComponent(ctx.path.slice(PREFIX.length));
    } catch {
      return next();
    }
    const file = resolve(root, relativePath);
    const type = AUDIO_TYPES[extname(file).toLowerCase()];
    const info = type !== undefined && file.startsWith(root + sep) ? await stat(file).catch(() => undefined) : undefined;
    if (type === undefined || !info?.isFile()) return next();
    ctx.status = 200;
    ctx.type = type;
    ctx.length = info.size;
    ctx.set('Cache-Control', 'public, max-age=300');
    // Koa answers HEAD with these headers and no body; only GET opens the file.
    if (ctx.method === 'GET') ctx.body = createReadStream(file);
  };
}

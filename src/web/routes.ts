/**
 * The page at `/` and what it needs: its script and style, the flow as JSON and as an SVG
 * diagram. Everything is served from here, so the page works offline (no CDN).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type Router from '@koa/router';
import type { FlowSource } from '../flow/source.js';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';
import { browserBundle } from './bundle.js';
import { flowView, statusOf } from './flow-view.js';
import { diagramRenderer, type DiagramLimits } from './diagram-renderer.js';

export interface WebRoutesDeps {
  flows: FlowSource;
  settings: Settings;
  logger: Logger;
  /** Bounds on drawing /api/flow.svg; default 10 s and 400 nodes. */
  diagram?: DiagramLimits;
}

const ASSETS = resolve(import.meta.dirname, 'assets');
/** The page may load only what this server serves; the inline SVG's attributes need inline styles. */
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** GET /, /web/app.js, /web/style.css, /api/flow (JSON) and /api/flow.svg. */
export function addWebRoutes(router: Router, deps: WebRoutesDeps): void {
  const status = (): ReturnType<typeof statusOf> => statusOf(deps.flows, deps.settings.ivrConfig);
  const asset = assetReader();
  const svgFor = diagramRenderer(deps.diagram);

  router.get('/', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', PAGE_POLICY);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await asset('index.html');
  });
  router.get('/web/style.css', async (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await asset('style.css');
  });
  router.get('/web/app.js', async (ctx) => {
    try {
      ctx.body = await browserBundle();
    } catch (error) {
      deps.logger.error('page script did not build', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
  });
  router.get('/api/flow', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = flowView(status(), deps.settings);
  });
  router.get('/api/flow.svg', async (ctx) => {
    const { flow } = status();
    const etag = `"${flow.version}"`;
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('ETag', etag);
    if (ctx.get('if-none-match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'image/svg+xml';
    ctx.body = await svgFor(flow);
  });
}

/** The page's files, read from disk once. */
function assetReader(): (name: string) => Promise<string> {
  const texts = new Map<string, Promise<string>>();
  return (name) => {
    let text = texts.get(name);
    if (text === undefined) {
      text = readFile(resolve(ASSETS, name), 'utf8');
      texts.set(name, text);
    }
    return text;
  };
}

import type Router from '@koa/router';
import type { FlowSource } from '../flow/source.js';

export interface HealthRouteDeps {
  flows: FlowSource;
  /** Whether the server is shutting down (no longer a good target for new calls). */
  stopping(): boolean;
}

/**
 * GET /healthz — for load balancers and Docker's HEALTHCHECK. 200 `{status: "ready", version,
 * entry, file, loadedAt, problems}` (`version` is a hash of the flow file being served,
 * `problems` how many the newest file on disk has when it failed to load); 503
 * `{status: "stopping"}` once shutdown has begun.
 */
export function addHealthRoute(router: Router, deps: HealthRouteDeps): void {
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    if (deps.stopping()) {
      ctx.status = 503;
      ctx.body = { status: 'stopping' };
      return;
    }
    const { flow, file, loadedAt, problems } = deps.flows.status();
    ctx.body = { status: 'ready', version: flow.version, entry: flow.entry, file, loadedAt: loadedAt.toISOString(), problems: problems.length };
  });
}

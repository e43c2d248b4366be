/**
 * Runs the effects a transition asks for (see `src/ivr/effects.ts`): the only place the
 * interpreter's wishes touch the network. A lookup is logged with its method, the URL as the
 * flow writes it (so no variable's value, sensitive or not, reaches the log), the status and
 * how long it took; never its headers.
 */
import { runLookup } from '../data/lookup.js';
import type { Logger } from '../log.js';
import type { Effect, EffectResult } from '../ivr/effects.js';
import type { EffectRunner } from '../ivr/respond.js';

export interface EffectContext {
  logger: Logger;
  /** Where `${NAME}` in a lookup's headers is read. */
  env: Readonly<Record<string, string | undefined>>;
  callUuid: string;
  nodeId: string;
}

export function effectRunner(context: EffectContext): EffectRunner {
  return (effects) => Promise.all(effects.map((effect) => runEffect(effect, context)));
}

async function runEffect(effect: Effect, context: EffectContext): Promise<EffectResult> {
  const { request } = effect;
  const result = await runLookup(request, context.env);
  const fields = {
    callUuid: context.callUuid,
    nodeId: context.nodeId,
    method: request.method,
    url: request.label,
    durationMs: result.durationMs,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.ok ? {} : { reason: result.reason }),
  };
  if (result.ok) context.logger.info('lookup answered', fields);
  else context.logger.warn('lookup failed', fields);
  return { kind: 'http', result };
}

/**
 * Runs the effects a transition asks for (see `src/ivr/effects.ts`): the only place the
 * interpreter's wishes touch the network. None exist yet; each new kind of effect gets its
 * case in `runEffect`, which `tsc` asks for.
 */
import type { Effect, EffectResult } from '../ivr/effects.js';
import type { EffectRunner } from '../ivr/respond.js';
import { unreachable } from '../util/unreachable.js';

export const runEffects: EffectRunner = (effects) => Promise.all(effects.map(runEffect));

function runEffect(effect: Effect): Promise<EffectResult> {
  return unreachable(effect);
}

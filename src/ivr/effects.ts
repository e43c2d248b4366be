/**
 * Effects: what a transition asks the HTTP edge to do, as data, without doing it (the way
 * XState's `transition` returns actions instead of running them). The edge runs them
 * (`src/http/effects.ts`) and feeds their results back into the same pure transition as a
 * `{ kind: 'results' }` event, at the same node and with the same call memory.
 */
import type { LookupRequest, LookupResult } from '../data/lookup.js';

/** An HTTP lookup (`lookup` nodes): URL and body already filled, secret headers still unresolved. */
export type Effect = { kind: 'http'; request: LookupRequest };

/** What running an effect gave back; `results[i]` answers `effects[i]`. */
export type EffectResult = { kind: 'http'; result: LookupResult };

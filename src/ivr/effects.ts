/**
 * Effects: what a transition asks the HTTP edge to do, as data, without doing it (the way
 * XState's `transition` returns actions instead of running them). The edge runs them
 * (`src/http/effects.ts`) and feeds their results back into the same pure transition as a
 * `{ kind: 'results' }` event, at the same node and with the same call memory.
 *
 * No node kind needs one today, so both unions are empty. To add one, e.g. an HTTP lookup:
 *
 *   export type Effect = { kind: 'http'; method: 'GET' | 'POST'; url: string; body?: Record<string, string>; timeoutMs: number };
 *   export type EffectResult = { kind: 'http'; status: number; body: unknown } | { kind: 'http'; error: string };
 *
 * then its case in `runEffect` (tsc points at it), and a node whose `transition` answers
 * `arrive` with `wait(effects)` and the `results` event with where to go.
 */
export type Effect = never;

/** What running an effect gave back; `results[i]` answers `effects[i]`. */
export type EffectResult = never;

/** For the kinds that do their thing and go on to `next` by themselves (say, play, pause). */
import type { NodeId } from '../flow/types.js';
import type { XmlResponse } from '../ivr/plivo-xml.js';
import type { CheckContext, Exit, RenderContext } from './kind.js';

/** A node that goes on by itself must say where: without `next` the call would just stop. */
export function requireNext(raw: { type: string; next?: NodeId }, context: CheckContext): void {
  if (raw.next !== undefined) return;
  context.error([], `node \`${context.id}\` (${raw.type}) has no \`next\`: the call would stop here without a goodbye; add \`next: <node>\` (a menu, or a hangup node)`);
}

/** The one way on; without `next` (an error of its own) the call ends there. */
export function nextExit(next: NodeId | undefined): Exit {
  return next === undefined ? { to: undefined, label: '', dashed: false } : { to: next, label: '', dashed: false, field: { path: ['next'], name: 'next' } };
}

/** Sends Plivo on to `next`. */
export function goOn(xml: XmlResponse, next: NodeId | undefined, context: RenderContext): void {
  if (next === undefined) xml.addHangup();
  else xml.addRedirect(context.onwards(next), { method: 'POST' });
}

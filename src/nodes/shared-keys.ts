/**
 * Keys that work everywhere: the flow's `keys` (`"0": operator`, `"*": back`) apply to every
 * menu and input unless the node uses the key itself or turns it off (`keys: {"*": null}`).
 * `back` returns to the menu the caller actually came from (the call's history), not a fixed one.
 */
import type { CallMemory } from '../call/memory.js';
import type { KeyAction, NodeId, RawKeyAction } from '../flow/types.js';
import type { CompileContext, Exit, Outcome } from './kind.js';

export const keysSchema = {
  description: 'This node\'s own shared keys, over the flow\'s `keys`: key → a node id, `back`, or null to turn the flow\'s key off here.',
  type: 'object',
  propertyNames: { type: 'string', pattern: '^[0-9*#]$' },
  additionalProperties: { $ref: '#/definitions/keyAction' },
} as const;

/** The keys in force at a node: the flow's, then the node's own, minus the keys the node uses itself. */
export function compileKeys(own: Readonly<Record<string, RawKeyAction>> | undefined, context: CompileContext, taken: (key: string) => boolean): ReadonlyMap<string, KeyAction> {
  const keys = new Map(context.data.keys);
  for (const [key, action] of Object.entries(own ?? {})) {
    if (action === null) keys.delete(key);
    else keys.set(key, action === 'back' ? { back: true } : { goto: action });
  }
  for (const key of [...keys.keys()]) if (taken(key)) keys.delete(key);
  return keys;
}

/** Where a shared key leads, for the graph (a `back` has no fixed target and is left out). */
export function keyExits(keys: ReadonlyMap<string, KeyAction>): Exit[] {
  return [...keys].flatMap(([key, action]): Exit[] => ('goto' in action ? [{ to: action.goto, on: key, label: `${key} (any menu)`, dashed: false }] : []));
}

/** What a shared key does here; `back` with nowhere to go back to answers undefined (treated as a wrong key). */
export function pressKey(keys: ReadonlyMap<string, KeyAction>, digits: string, memory: CallMemory, here: NodeId): Outcome | undefined {
  const action = keys.get(digits);
  if (action === undefined) return undefined;
  if ('goto' in action) return { decision: { kind: 'goto', target: action.goto, language: memory.language }, say: [], effects: [] };
  // The last menu before this one (a menu the caller came back to through a message is not "back").
  const previous: NodeId | undefined = [...(memory.history ?? [])].reverse().find((id) => id !== here);
  if (previous === undefined) return undefined;
  return { decision: { kind: 'goto', target: previous, language: memory.language, back: true }, say: [], effects: [] };
}

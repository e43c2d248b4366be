/**
 * A call's variables as prompts and expressions see them: what its memory keeps, plus the
 * built-ins read from this request (the caller's number, SIP headers) and the clock in the
 * flow's time zone.
 */
import { toCel, type Value } from '../data/expression.js';
import type { FlowData } from '../flow/types.js';
import type { CallFacts, CallMemory } from './memory.js';

/** The clock's fields in a time zone: hour, minute, weekday (0 = Sunday), date. */
export function clockIn(now: Date, timeZone: string): { hour: number; minute: number; weekday: number; today: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday'] ?? 'Sun');
  return { hour: Number(parts['hour'] ?? 0), minute: Number(parts['minute'] ?? 0), weekday, today: `${parts['year']}-${parts['month']}-${parts['day']}` };
}

const NO_FACTS: CallFacts = { callUuid: '', caller: '', called: '', forwardedFrom: '', callerName: '', headers: {}, now: new Date(0) };

/** Every variable's value, for templates (built-ins as text). */
export function callValues(data: FlowData, memory: CallMemory): Record<string, Value> {
  const facts = memory.facts ?? { ...NO_FACTS, now: new Date() };
  const clock = clockIn(facts.now, data.timezone);
  return {
    caller: facts.caller,
    called: facts.called,
    forwardedFrom: facts.forwardedFrom,
    callerName: facts.callerName,
    language: memory.language ?? '',
    now: facts.now.toISOString(),
    ...clock,
    ...memory.values,
  };
}

/**
 * The context an expression is evaluated in: every declared variable with a value, typed for
 * CEL (an unset one is left out, so reading it is an error and the case does not match).
 */
export function celContext(data: FlowData, memory: CallMemory): Record<string, unknown> {
  const facts = memory.facts ?? { ...NO_FACTS, now: new Date() };
  const values = callValues(data, memory);
  const context: Record<string, unknown> = { headers: { ...facts.headers }, now: facts.now };
  for (const [name, value] of Object.entries(values)) {
    const variable = data.variables.get(name);
    if (variable === undefined || name === 'now' || name === 'headers') continue;
    context[name] = toCel(variable.type, value);
  }
  return context;
}

/**
 * What a decision may show in a log line: the names of the variables it sets, and the values of
 * those the flow does not mark `sensitive`.
 */
import type { Flow } from '../flow/types.js';
import type { Step } from '../ivr/transition.js';

export function redactDecision(flow: Flow, decision: Step['decision']): Step['decision'] {
  if (decision.kind !== 'goto' || (decision.value === undefined && decision.values === undefined)) return decision;
  const hidden = (name: string): boolean => flow.data.variables.get(name)?.sensitive === true;
  return {
    ...decision,
    ...(decision.value === undefined ? {} : { value: { name: decision.value.name, digits: hidden(decision.value.name) ? '[sensitive]' : decision.value.digits } }),
    ...(decision.values === undefined ? {} : { values: Object.fromEntries(Object.entries(decision.values).map(([name, value]) => [name, hidden(name) ? '[sensitive]' : value])) }),
  };
}

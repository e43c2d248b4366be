/** `hours`: open, closed or a holiday, by business hours in OpenStreetMap's opening_hours syntax, in a named time zone. */
import { compileHours, type Hours, type HoursSpec } from '../data/hours.js';
import type { NodeId } from '../flow/types.js';
import type { NodeKind } from './kind.js';

export interface RawHoursNode {
  type: 'hours';
  description?: string;
  hours: string;
  timezone?: string;
  holidays?: string[];
  country?: string;
  region?: string;
  open: NodeId;
  closed: NodeId;
  holiday?: NodeId;
}
export interface HoursNode { type: 'hours'; id: NodeId; spec: HoursSpec; rules: Hours | undefined; open: NodeId; closed: NodeId; holiday: NodeId | undefined }

function specOf(raw: RawHoursNode, timezone: string): HoursSpec {
  return {
    open: raw.hours,
    timezone: raw.timezone ?? timezone,
    ...(raw.holidays === undefined ? {} : { holidays: raw.holidays }),
    ...(raw.country === undefined ? {} : { country: raw.country }),
    ...(raw.region === undefined ? {} : { region: raw.region }),
  };
}

export const hours: NodeKind<RawHoursNode, HoursNode> = {
  type: 'hours',
  schema: {
    description: 'Business hours: goes to `open`, `closed` or `holiday` by the time now in the time zone.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'hours', 'open', 'closed'],
    properties: {
      type: { description: 'hours: open or closed now.', const: 'hours' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      hours: {
        description: 'When the business is open, in OpenStreetMap\'s opening_hours syntax: "Mo-Fr 09:00-17:30; Sa 10:00-14:00; Dec 25 off; PH off".',
        type: 'string',
        minLength: 1,
        maxLength: 500,
      },
      timezone: { description: 'IANA time zone (default: the flow\'s `timezone`, else UTC).', type: 'string', minLength: 1 },
      holidays: {
        description: 'Days off besides the hours: 2026-12-24 (that day) or 12-24 (every year). They go to `holiday`.',
        type: 'array',
        maxItems: 100,
        items: { type: 'string' },
      },
      country: { description: 'ISO country code for public holidays (`PH` in the hours, and the `holiday` branch): us, gb, de, fr…', type: 'string', pattern: '^[A-Za-z]{2}$' },
      region: { description: 'State or region, for countries whose public holidays differ by region.', type: 'string' },
      open: { description: 'Where the call goes while open.', $ref: '#/definitions/nodeId' },
      closed: { description: 'Where the call goes while closed.', $ref: '#/definitions/nodeId' },
      holiday: { description: 'Where the call goes on a holiday (default: `closed`).', $ref: '#/definitions/nodeId' },
    },
  },

  compile(raw, context) {
    const spec = specOf(raw, context.data.timezone);
    const result = compileHours(spec);
    return { type: 'hours', id: context.id, spec, rules: 'hours' in result ? result.hours : undefined, open: raw.open, closed: raw.closed, holiday: raw.holiday };
  },
  check(raw, context) {
    const result = compileHours(specOf(raw, context.data.timezone));
    const pathOf = (field: string, index?: number): (string | number)[] => (field === 'open' ? ['hours'] : field === 'holidays' ? ['holidays', index ?? 0] : field === 'timezone' && raw.timezone === undefined ? [] : [field]);
    if ('errors' in result) for (const problem of result.errors) context.errorAt(pathOf(problem.field, problem.index), problem.offset, problem.message);
    else for (const problem of result.warnings) context.warningAt(pathOf(problem.field), problem.offset, problem.message);
  },
  exits: (node) => [
    { to: node.open, label: 'open', dashed: false, field: { path: ['open'], name: 'open' } },
    { to: node.closed, label: 'closed', dashed: false, field: { path: ['closed'], name: 'closed' } },
    ...(node.holiday === undefined ? [] : [{ to: node.holiday, label: 'holiday', dashed: false, field: { path: ['holiday'], name: 'holiday' } }]),
  ],
  collects: () => [],
  instant: true,

  transition(node, _event, memory) {
    const state = node.rules?.at(memory.facts?.now ?? new Date()) ?? 'closed';
    const target = state === 'open' ? node.open : state === 'holiday' ? (node.holiday ?? node.closed) : node.closed;
    return { decision: { kind: 'goto', target, language: memory.language }, say: [], effects: [] };
  },

  render(xml, _node, context) {
    xml.addRedirect(context.here(), { method: 'POST' });
  },

  look: { shape: 'hexagon', fill: '#fef3c7' },
  describe: (node) => ({ facts: ` · ${node.spec.timezone}`, hears: node.spec.open }),
};

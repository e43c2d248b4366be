/**
 * Call events: what the dashboard, `npm run calls`, the drop-off view and /metrics are built
 * from. Plain JSON data (they travel through SQLite and Redis). Values of `sensitive` inputs
 * are masked before an event is created (see mask.ts), so no event ever holds them.
 */

/** What the caller did, as the webhook told it. `digits` is masked (`•••`) for sensitive inputs. */
export type EventInput =
  | { kind: 'arrive' }
  | { kind: 'keys'; digits: string }
  | { kind: 'silence' }
  | { kind: 'speech'; text: string; confidence: number }
  | { kind: 'transfer'; status: string }
  | { kind: 'recorded' };

/** What the interpreter decided, without the collected value (that stays in the call's URLs). */
export interface EventDecision {
  kind: 'enter' | 'goto' | 'retry' | 'give-up' | 'end' | 'unknown-node' | 'error';
  target?: string;
  reason?: 'no-input' | 'invalid' | 'unclear';
  attempt?: number;
}

interface Base {
  /** Unique across instances: `<instance>:<sequence>`. */
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  callUuid: string;
  /** The instance that served it (several behind one Redis). */
  instance: string;
}

/** One webhook request of a call and the XML it was answered with. */
export interface WebhookEvent extends Base {
  kind: 'webhook';
  requestUuid?: string;
  from?: string;
  to?: string;
  flowVersion: string;
  /** The node the request was for (`/node/<id>`). */
  node: string;
  /** Its kind (menu, input, say…); undefined for a node the flow does not have. */
  nodeType?: string;
  input: EventInput;
  decision: EventDecision;
  /** The node whose XML was served (the caller is there now); undefined when the answer ends the call. */
  served?: string;
  /** Its kind (menu, input, hangup…), for the drop-off view. */
  servedType?: string;
  /** The XML answered, sensitive values masked. */
  xml: string;
  /** Server time spent answering, in microseconds. */
  durationUs: number;
}

/** Plivo's hangup callback: how the call ended. */
export interface HangupEvent extends Base {
  kind: 'hangup';
  requestUuid?: string;
  from?: string;
  to?: string;
  cause?: string;
  status?: string;
  /** Seconds, as Plivo counts them. */
  durationS?: number;
}

/** A data lookup a node made (status `ok`, `failed`, `timeout`…) and how long it took. */
export interface LookupEvent extends Base {
  kind: 'lookup';
  node: string;
  status: string;
  ms: number;
}

/** A campaign placing (or failing to place) one call. */
export interface CampaignEvent extends Base {
  kind: 'campaign';
  campaign: string;
  to: string;
  status: string;
  requestUuid?: string;
}

export type CallEvent = WebhookEvent | HangupEvent | LookupEvent | CampaignEvent;

/** What an event is before the recorder stamps it. */
export type NewEvent = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'id' | 'instance'> : never) : never;

/** The mask shown in place of a sensitive value. */
export const MASK = '•••';

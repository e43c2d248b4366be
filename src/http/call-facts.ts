/**
 * What Plivo's request says about the call, for the flow's built-in variables: the caller's
 * number, the number called, a forwarding number, a caller name, SIP `X-PH-*` headers; and the
 * time. Anything a client sends is hostile: values are cut short and the header names checked.
 */
import type { CallFacts } from '../call/memory.js';
import { instantOf } from '../data/hours.js';

const MAX_FACT = 64;
const MAX_HEADERS = 16;
const HEADER_NAME = /^X-PH-([A-Za-z0-9-]{1,32})$/i;

/** Plivo leaves the `+` off numbers in webhooks; the flow sees them in E.164 as written in `params` and lookups. */
function e164(value: string | undefined): string {
  const digits = (value ?? '').trim().slice(0, MAX_FACT);
  return /^\d{6,15}$/.test(digits) ? `+${digits}` : digits;
}

/** `clock`: a time the request asks to be served at (only passed when the server allows it), else now; without an offset it is read in `timeZone`. */
export function callFacts(params: Readonly<Record<string, string>>, clock: string, timeZone = 'UTC'): CallFacts {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const match = HEADER_NAME.exec(name);
    if (match !== null && Object.keys(headers).length < MAX_HEADERS) headers[match[1]!] = value.slice(0, MAX_FACT);
  }
  const at = clock === '' ? Number.NaN : instantOf(clock.slice(0, 40), timeZone);
  return {
    callUuid: (params['CallUUID'] ?? '').slice(0, MAX_FACT),
    caller: e164(params['From']),
    called: e164(params['To']),
    forwardedFrom: e164(params['ForwardedFrom']),
    callerName: (params['CallerName'] ?? '').slice(0, MAX_FACT),
    headers,
    now: Number.isNaN(at) ? new Date() : new Date(at),
  };
}

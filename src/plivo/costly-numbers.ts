/**
 * Number types that cost the caller (us) far more than a call to a phone, and that toll fraud
 * aims at: premium-rate lines pay their owner per minute. Refused unless the operator sets
 * ALLOW_PREMIUM_DESTINATIONS=true. libphonenumber-js's full metadata knows each range's type.
 */
import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

const COSTLY: ReadonlyMap<NonNullable<NumberType>, string> = new Map([
  ['PREMIUM_RATE', 'a premium-rate number'],
  ['SHARED_COST', 'a shared-cost number'],
  ['PERSONAL_NUMBER', 'a personal (forwarding) number, often charged at premium rates'],
  ['UAN', 'a universal access number, often charged above a normal call'],
  ['PAGER', 'a pager number'],
]);

/** What makes an E.164 number costly ("a premium-rate number"), or undefined for an ordinary one. */
export function costlyKindOf(e164: string): string | undefined {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === undefined ? undefined : COSTLY.get(type);
}

/** The destination is a premium-rate or other high-cost number and ALLOW_PREMIUM_DESTINATIONS is not set. Answered 403. */
export class CostlyDestination extends Error {
  override name = 'CostlyDestination';
  constructor(readonly to: string, kind: string) {
    super(`calls to ${to} are not allowed: it is ${kind}; set ALLOW_PREMIUM_DESTINATIONS=true on the server to allow such numbers`);
  }
}

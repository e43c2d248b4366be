/**
 * A recipient's time zone: the one given, or the only one its country has. A country with
 * several zones (US, Canada, Mexico, Brazil, Russia, Australia, Indonesia…) is not guessed: the
 * recipient is held until the operator gives a zone. libphonenumber-js knows the country, not the zone.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isTimezone } from './policy.js';

/** Countries with one civil time, by ISO 3166 code. Deliberately short: a missing country holds, never guesses. */
const SINGLE_ZONE: Readonly<Record<string, string>> = {
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', IT: 'Europe/Rome',
  ES: 'Europe/Madrid', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', CH: 'Europe/Zurich', AT: 'Europe/Vienna',
  SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague', GR: 'Europe/Athens', RO: 'Europe/Bucharest', HU: 'Europe/Budapest', IL: 'Asia/Jerusalem',
  IN: 'Asia/Kolkata', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', SG: 'Asia/Singapore', PH: 'Asia/Manila',
  ZA: 'Africa/Johannesburg', NG: 'Africa/Lagos', KE: 'Africa/Nairobi', NZ: 'Pacific/Auckland', AE: 'Asia/Dubai',
};

/** The zone to use, or undefined (hold). A zone that was given must be a real IANA zone: checked by the caller. */
export function timezoneFor(number: string, given: string | undefined): string | undefined {
  if (given !== undefined) return isTimezone(given) ? given : undefined;
  const country = parsePhoneNumberFromString(number)?.country;
  return country === undefined ? undefined : SINGLE_ZONE[country];
}

import { parsePhoneNumberFromString } from 'libphonenumber-js';

const cache = new Map<string, string | null>();

/**
 * `+1 (415) 555-0100` → `+14155550100`; undefined unless it starts with + and is a possible
 * number (length and country code; the placeholder numbers of examples pass). Memoised:
 * large flows repeat the same few numbers, and libphonenumber's parse is not cheap.
 */
export function toE164(number: string): string | undefined {
  let known = cache.get(number);
  if (known === undefined) {
    const parsed = number.startsWith('+') ? parsePhoneNumberFromString(number) : undefined;
    known = parsed?.isPossible() ? parsed.number : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(number, known);
  }
  return known ?? undefined;
}

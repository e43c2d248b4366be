/**
 * Business hours in OpenStreetMap's `opening_hours` syntax (`Mo-Fr 09:00-17:30; Sa 10:00-14:00;
 * Dec 25 off; PH off`), read by its maintained parser, in a named time zone, with holidays: a
 * list of dates, and a country's public holidays (`PH`) when the flow names the country.
 */
import OpeningHours from 'opening_hours';
import { isTimeZone } from './expression.js';

export type HoursState = 'open' | 'closed' | 'holiday';

export interface HoursSpec {
  /** `Mo-Fr 09:00-17:30; Dec 25 off`. */
  open: string;
  /** IANA name: `America/New_York`. */
  timezone: string;
  /** Extra days off, `YYYY-MM-DD` (one day) or `MM-DD` (every year). */
  holidays?: readonly string[];
  /** ISO country code for public holidays (`PH` in the hours, and the `holiday` answer): `us`, `de`. */
  country?: string;
  /** A state or region, for countries whose holidays differ by state (`Bayern`, `New York`). */
  region?: string;
}

export interface Hours {
  /** Open, closed, or a holiday (a listed date, or a public holiday of `country`), at `instant`. */
  at(instant: Date): HoursState;
}

/** A problem, located: which field and where in its text. */
export interface HoursProblem { field: 'open' | 'timezone' | 'holidays' | 'country'; index?: number; offset: number; message: string; severity: 'error' | 'warning' }

const HOLIDAY = /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MARKER = ' <--- (';

/** Compiles business hours, or says every problem. Pure; never throws. */
export function compileHours(spec: HoursSpec): { hours: Hours; warnings: HoursProblem[] } | { errors: HoursProblem[] } {
  const errors: HoursProblem[] = [];
  if (!isTimeZone(spec.timezone)) errors.push({ field: 'timezone', offset: 0, message: `unknown time zone "${spec.timezone}" (an IANA name such as "America/New_York")`, severity: 'error' });
  (spec.holidays ?? []).forEach((day, index) => {
    if (!HOLIDAY.test(day)) errors.push({ field: 'holidays', index, offset: 0, message: `"${day}" is not a date: write 2026-12-24 (one day) or 12-24 (every year)`, severity: 'error' });
  });
  const address = spec.country === undefined ? null : { lat: 0, lon: 0, address: { country_code: spec.country.toLowerCase(), state: spec.region ?? '' } };
  let rules: OpeningHours | undefined;
  try {
    rules = new OpeningHours(spec.open, address, { mode: 0, tag_key: 'opening_hours', map_value: false, warnings_severity: 4, locale: 'en' });
  } catch (error) {
    errors.push({ field: 'open', ...located(String(error), spec.open), severity: 'error' });
  }
  let publicHolidays: OpeningHours | undefined;
  if (address !== null) {
    try {
      publicHolidays = new OpeningHours('PH', address);
      publicHolidays.getState(new Date());
    } catch {
      errors.push({ field: 'country', offset: 0, message: `no public holidays known for country "${spec.country}"${spec.region === undefined ? '' : ` and region "${spec.region}"`}; leave country out and list the days under holidays`, severity: 'error' });
      publicHolidays = undefined;
    }
  } else if (/\bPH\b/.test(spec.open)) {
    errors.push({ field: 'open', offset: spec.open.search(/\bPH\b/), message: '`PH` (public holidays) needs `country:` (us, de, fr, …)', severity: 'error' });
  }
  if (errors.length > 0 || rules === undefined) return { errors };
  const warnings: HoursProblem[] = rules.getStructuredWarnings().map((warning) => ({
    field: 'open',
    offset: warning.value === spec.open && warning.position !== null ? warning.position : 0,
    message: warning.message.replace(/\s*<---\s*/, ' ').trim(),
    severity: 'warning',
  }));
  const checked = rules;
  const days = new Set(spec.holidays ?? []);
  const zone = spec.timezone;
  return {
    warnings,
    hours: {
      at(instant) {
        const wall = wallClock(instant, zone);
        const day = `${wall.getFullYear()}-${pad(wall.getMonth() + 1)}-${pad(wall.getDate())}`;
        if (days.has(day) || days.has(day.slice(5)) || publicHolidays?.getState(wall) === true) return 'holiday';
        return checked.getState(wall) ? 'open' : 'closed';
      },
    },
  };
}

/** The parser's message is the value up to the mistake, ` <--- (`, then why. */
function located(message: string, value: string): { offset: number; message: string } {
  const marker = message.indexOf(MARKER);
  if (marker === -1) return { offset: 0, message: `not valid opening_hours: ${message}` };
  // The prefix ends with the token the parser stumbled on.
  const offset = Math.max(0, Math.min(message.slice(0, marker).length - 1, value.length));
  const why = message.slice(marker + MARKER.length).replace(/\)\s*$/, '').replace(/\) .*$/, '').trim();
  return { offset, message: `not valid opening_hours: ${why}` };
}

/**
 * The parser reads a Date's local fields (getHours, getDay): a Date whose local fields are the
 * wall-clock time in `zone` makes it answer for that zone, whatever the server's own zone is.
 */
export function wallClock(instant: Date, zone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return new Date(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A wall-clock time in `zone` (`2026-12-25T10:00`) → the instant; a time with an offset or Z is read as written. NaN when unreadable. */
export function instantOf(text: string, zone: string): number {
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) return Date.parse(text);
  const asUtc = Date.parse(`${/T\d{2}:\d{2}$/.test(text) ? `${text}:00` : text}Z`);
  if (Number.isNaN(asUtc)) return Number.NaN;
  const wallAsUtc = (instant: number): number => {
    const wall = wallClock(new Date(instant), zone);
    return Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds());
  };
  // The zone's offset at that moment, corrected once for a DST change in between.
  let instant = asUtc - (wallAsUtc(asUtc) - asUtc);
  instant = asUtc - (wallAsUtc(instant) - instant);
  return instant;
}

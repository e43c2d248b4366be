import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileHours, type Hours, type HoursSpec } from '../../src/data/hours.js';

function hours(spec: HoursSpec): Hours {
  const compiled = compileHours(spec);
  if ('errors' in compiled) assert.fail(compiled.errors.map((error) => error.message).join('\n'));
  return compiled.hours;
}

test('open and closed in the flow\'s time zone, whatever the server\'s zone is', () => {
  const office = hours({ open: 'Mo-Fr 09:00-17:30; Sa 10:00-14:00', timezone: 'America/New_York' });
  assert.equal(office.at(new Date('2026-12-01T14:00:00Z')), 'open', 'Tuesday 09:00 in New York');
  assert.equal(office.at(new Date('2026-12-01T13:59:00Z')), 'closed', 'Tuesday 08:59 in New York');
  assert.equal(office.at(new Date('2026-12-01T22:29:00Z')), 'open', '17:29');
  assert.equal(office.at(new Date('2026-12-01T22:30:00Z')), 'closed', '17:30');
  assert.equal(office.at(new Date('2026-12-06T16:00:00Z')), 'closed', 'Sunday');
  const paris = hours({ open: 'Mo-Fr 09:00-17:30', timezone: 'Europe/Paris' });
  assert.equal(paris.at(new Date('2026-12-01T14:00:00Z')), 'open', '15:00 in Paris');
  assert.equal(paris.at(new Date('2026-12-01T17:00:00Z')), 'closed', '18:00 in Paris');
});

test('holidays: listed days, yearly days, a country\'s public holidays', () => {
  const office = hours({ open: 'Mo-Fr 09:00-17:30; Dec 25 off', timezone: 'America/New_York', holidays: ['2026-11-27', '07-03'] });
  assert.equal(office.at(new Date('2026-11-27T15:00:00Z')), 'holiday');
  assert.equal(office.at(new Date('2027-07-03T15:00:00Z')), 'holiday');
  assert.equal(office.at(new Date('2026-12-25T15:00:00Z')), 'closed', 'off by the hours themselves');
  const german = hours({ open: 'Mo-Fr 09:00-17:00; PH off', timezone: 'Europe/Berlin', country: 'de', region: 'Berlin' });
  assert.equal(german.at(new Date('2026-12-25T10:00:00Z')), 'holiday');
  assert.equal(german.at(new Date('2026-12-23T10:00:00Z')), 'open');
});

test('mistakes name the field and where in it', () => {
  const bad = compileHours({ open: 'Mo-Fr 09:00-17:30; Dec 25 of', timezone: 'America/New_Yrok', holidays: ['25/12'] });
  assert.ok('errors' in bad);
  assert.deepEqual(bad.errors.map((error) => [error.field, error.offset]), [['timezone', 0], ['holidays', 0], ['open', 26]]);
  assert.match(bad.errors[2]!.message, /not valid opening_hours: Unexpected token: "o"/);
  const ph = compileHours({ open: 'Mo-Fr 09:00-17:00; PH off', timezone: 'UTC' });
  assert.ok('errors' in ph);
  assert.match(ph.errors[0]!.message, /needs `country:`/);
});

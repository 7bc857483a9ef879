import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  addMonths,
  nextMonthStart,
  startOfDay,
  zonedDay,
  zonedIso,
} from '../../../src/companion/transactions/zoned-calendar.js';

const at = (iso: string) => Date.parse(iso);

describe('calendar days in HA time zone', () => {
  it('names the day it is in the zone, not in UTC', () => {
    assert.equal(zonedDay(at('2026-12-01T03:00:00Z'), 'America/New_York'), '2026-11-30');
    assert.equal(zonedDay(at('2026-11-30T11:00:00Z'), 'Pacific/Kiritimati'), '2026-12-01');
    assert.equal(zonedDay(at('2026-11-30T09:59:59Z'), 'Pacific/Kiritimati'), '2026-11-30');
  });

  it('finds midnight on either side of a DST change', () => {
    assert.equal(
      zonedIso(startOfDay('2026-11-01', 'America/New_York'), 'America/New_York'),
      '2026-11-01T00:00:00-04:00',
    );
    assert.equal(
      zonedIso(startOfDay('2026-12-01', 'America/New_York'), 'America/New_York'),
      '2026-12-01T00:00:00-05:00',
    );
    assert.equal(startOfDay('2026-03-01', 'Europe/Berlin'), at('2026-02-28T23:00:00Z'));
    assert.equal(startOfDay('2026-04-01', 'Europe/Berlin'), at('2026-03-31T22:00:00Z'));
    assert.equal(startOfDay('2026-12-01', 'Pacific/Kiritimati'), at('2026-11-30T10:00:00Z'));
  });

  it('a day without midnight starts when its clock does', () => {
    // Santiago springs forward at midnight: 00:00 does not exist on 2026-09-06, the day starts at 01:00.
    const start = startOfDay('2026-09-06', 'America/Santiago');
    assert.equal(zonedIso(start, 'America/Santiago'), '2026-09-06T01:00:00-03:00');
    assert.equal(zonedDay(start - 1000, 'America/Santiago'), '2026-09-05');
  });

  it('the next month starts at midnight of the 1st in the zone', () => {
    assert.equal(nextMonthStart(at('2026-11-30T12:00:00Z'), 'America/New_York'), at('2026-12-01T05:00:00Z'));
    assert.equal(nextMonthStart(at('2026-12-31T23:00:00Z'), 'Asia/Tokyo'), at('2027-01-31T15:00:00Z'));
    assert.equal(nextMonthStart(at('2026-12-31T14:59:59Z'), 'Asia/Tokyo'), at('2026-12-31T15:00:00Z'));
  });

  it('counts days and months across their ends', () => {
    assert.equal(addDays('2026-03-01', -30), '2026-01-30');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addMonths('2026-01', -1), '2025-12');
    assert.equal(addMonths('2026-12', 1), '2027-01');
  });
});

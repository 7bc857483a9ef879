import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePyDatetime, pyIsoformat, utcMicros } from './ha-datetime.js';

const iso = (text: string) => {
  const parsed = parsePyDatetime(text);
  return parsed && pyIsoformat(parsed);
};

describe("HA's parse_datetime and isoformat", () => {
  it('keeps the offset as sent, writes Z as +00:00 and microseconds only when set', () => {
    assert.equal(iso('2026-12-01T00:00:00-08:00'), '2026-12-01T00:00:00-08:00');
    assert.equal(iso('2026-12-01T08:00:00Z'), '2026-12-01T08:00:00+00:00');
    assert.equal(iso('2026-12-01 08:00'), '2026-12-01T08:00:00', 'naive, seconds optional, space separator');
    assert.equal(iso('2026-12-01T08:00:00.5+0530'), '2026-12-01T08:00:00.500000+05:30');
    assert.equal(iso('2026-12-01'), '2026-12-01T00:00:00', 'a date alone is midnight (ciso8601)');
  });

  it('refuses what is not a datetime', () => {
    for (const text of ['', 'yesterday', '2026-13-01T00:00:00', '2026-02-30', '1700000000'])
      assert.equal(parsePyDatetime(text), null, text);
  });

  it('reads a naive time in the configured time zone, an aware one by its offset', () => {
    const naive = parsePyDatetime('2026-12-01T00:00:00')!;
    assert.equal(utcMicros(naive, 'America/Los_Angeles'), Date.UTC(2026, 11, 1, 8) * 1000);
    assert.equal(utcMicros(naive, 'Europe/Berlin'), Date.UTC(2026, 10, 30, 23) * 1000);
    const summer = parsePyDatetime('2026-07-01T00:00:00')!;
    assert.equal(utcMicros(summer, 'America/Los_Angeles'), Date.UTC(2026, 6, 1, 7) * 1000);
    const aware = parsePyDatetime('2026-12-01T00:00:00.000250+01:00')!;
    assert.equal(utcMicros(aware, 'America/Los_Angeles'), Date.UTC(2026, 10, 30, 23) * 1000 + 250);
  });
});

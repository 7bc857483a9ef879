import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysBefore, localDay, windowStart } from '../../../src/companion/transactions/window-dates.js';

describe('window-dates', () => {
  it("reads the day in HA's time zone", () => {
    const t = Date.parse('2025-03-01T03:00:00Z');
    assert.equal(localDay(t, 'UTC'), '2025-03-01');
    assert.equal(localDay(t, 'America/Los_Angeles'), '2025-02-28');
    assert.equal(localDay(t, 'Not/A_Zone'), '2025-03-01', 'an unknown zone counts as UTC');
  });

  it('starts the window on the first day of last month, or RECENT_DAYS back when that is earlier', () => {
    assert.equal(windowStart(Date.parse('2025-03-20T12:00:00Z'), 'UTC'), '2025-02-01');
    assert.equal(windowStart(Date.parse('2025-01-15T12:00:00Z'), 'UTC'), '2024-12-01');
    // On the 1st of March, 30 days back reaches into January.
    assert.equal(windowStart(Date.parse('2025-03-01T12:00:00Z'), 'UTC'), '2025-01-30');
    // Still February in Los Angeles.
    assert.equal(windowStart(Date.parse('2025-03-01T03:00:00Z'), 'America/Los_Angeles'), '2025-01-01');
  });

  it('counts days back across months and years', () => {
    assert.equal(daysBefore('2025-01-05', 10), '2024-12-26');
  });
});

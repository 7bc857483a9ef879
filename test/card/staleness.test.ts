import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadCardStrings, makeLocalize } from '../../src/card/localize.js';
import { formatAge, staleness } from '../../src/card/staleness.js';

describe('staleness', () => {
  before(() => Promise.all([loadCardStrings('en'), loadCardStrings('de')]));
  const now = Date.parse('2025-03-14T12:00:00Z');
  it('is fresh inside the window and stale after it', () => {
    assert.deepEqual(staleness('2025-03-14T11:00:00Z', 6 * 3_600_000, now), { stale: false, ageMs: 3_600_000 });
    assert.equal(staleness('2025-03-14T05:59:00Z', 6 * 3_600_000, now).stale, true);
  });
  it('treats a missing or unreadable time as stale with unknown age', () => {
    assert.deepEqual(staleness(null, 1000, now), { stale: true, ageMs: null });
    assert.deepEqual(staleness('yesterday-ish', 1000, now), { stale: true, ageMs: null });
  });
  it('formats ages coarsely', () => {
    const t = makeLocalize('en');
    assert.equal(formatAge(30_000, t), '1 min');
    assert.equal(formatAge(90 * 60_000, t), '90 min');
    assert.equal(formatAge(7 * 3_600_000, t), '7 h');
    assert.equal(formatAge(3 * 86_400_000, t), '3 d');
    assert.equal(formatAge(7 * 3_600_000, makeLocalize('de')), '7 Std.');
  });
});

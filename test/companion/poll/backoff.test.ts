import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateWindow, backoffDelay } from '../../../src/companion/poll/backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 30_000 };
  it('doubles up to the maximum without jitter at random()=0', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, policy, () => 0)),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000],
    );
  });
  it('jitters down by at most the jitter fraction', () => {
    assert.equal(
      backoffDelay(3, policy, () => 0.999),
      Math.round(4000 * (1 - 0.5 * 0.999)),
    );
    assert.equal(
      backoffDelay(3, { ...policy, jitter: 0 }, () => 0.9),
      4000,
    );
  });
});

describe('RateWindow', () => {
  it('allows `limit` calls per window, then waits for the oldest to age out', () => {
    const w = new RateWindow(3, 60_000);
    for (const t of [0, 10, 20]) {
      assert.equal(w.nextAllowedAt(t), t);
      w.record(t);
    }
    assert.equal(w.nextAllowedAt(30), 60_000);
    assert.equal(w.nextAllowedAt(60_000), 60_000);
    w.record(60_000);
    assert.equal(w.nextAllowedAt(60_001), 60_010);
  });
});

// The one duration grammar of the card's stale_after and the companion's POLL_INTERVAL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../../src/protocol/duration.js';

describe('parseDuration', () => {
  it('parses what POLL_INTERVAL took: seconds and combined units', () => {
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('1h30m'), 5400_000);
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration('soon'), null);
    assert.equal(parseDuration(''), null);
  });

  it('reads unit and clock forms', () => {
    assert.equal(parseDuration('90m'), 90 * 60_000);
    assert.equal(parseDuration('6h'), 6 * 3_600_000);
    assert.equal(parseDuration('2d'), 2 * 86_400_000);
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration(' 6H '), 6 * 3_600_000);
    assert.equal(parseDuration('06:00:00'), 6 * 3_600_000);
    assert.equal(parseDuration('00:00:30'), 30_000);
  });
  it('rejects what is not a positive duration', () => {
    for (const text of ['', 'h', '-1h', '0', '0s', '0m', '00:00:00', '1:60:00', '6 hours', '1.5h']) {
      assert.equal(parseDuration(text), null, text);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEPT_MAX_AGE_MS, keep, keptKey, keptSeries } from '../../../src/card/trend/kept-statistics.js';
import type { TrendSeries } from '../../../src/card/trend/statistics-fetch.js';

const series = (v: number): TrendSeries => new Map([['sensor.kept_a', [{ t: 1, v }]]]);

describe('kept statistics', () => {
  it('are found by sensors, period and time zone, and only while under the age limit', () => {
    const key = keptKey(['sensor.kept_a', 'sensor.kept_b'], '30d', 'Europe/Berlin');
    const s = series(1);
    keep(key, s, 1000);
    assert.equal(keptSeries(key, 1000 + KEPT_MAX_AGE_MS - 1), s);
    assert.equal(keptSeries(key, 1000 + KEPT_MAX_AGE_MS), null, 'too old to draw');
    assert.equal(keptSeries(keptKey(['sensor.kept_a', 'sensor.kept_b'], '30d', 'America/New_York'), 1000), null);
    assert.equal(keptSeries(keptKey(['sensor.kept_a', 'sensor.kept_b'], '90d', 'Europe/Berlin'), 1000), null);
    assert.equal(keptSeries(keptKey(['sensor.kept_a'], '30d', 'Europe/Berlin'), 1000), null);
    const newer = series(2);
    keep(key, newer, 2000);
    assert.equal(keptSeries(key, 2000 + KEPT_MAX_AGE_MS - 1), newer, 'the newest answer, aged from its request');
  });

  it('let all go when more sets of sensors than a page holds were kept', () => {
    const first = keptKey(['sensor.kept_first'], '7d', undefined);
    keep(first, series(1), 0);
    for (let i = 0; i < 20; i++) keep(keptKey([`sensor.kept_${i}`], '7d', undefined), series(i), 0);
    assert.equal(keptSeries(first, 0), null);
    assert.notEqual(keptSeries(keptKey(['sensor.kept_19'], '7d', undefined), 0), null, 'the latest stays');
  });
});

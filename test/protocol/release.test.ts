import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUE_DATES_SINCE, compareReleases, knowsDueDates } from '../../src/protocol/index.js';

test('releases compare part by part, a missing or odd part as 0', () => {
  assert.ok(compareReleases('0.10.0', '0.9.9') > 0);
  assert.equal(compareReleases('0.3', '0.3.0'), 0);
  assert.ok(compareReleases('0.2.x', '0.2.1') < 0);
});

test('only a peer of DUE_DATES_SINCE or later knows payment due dates', () => {
  assert.equal(DUE_DATES_SINCE, '0.3.0');
  for (const release of ['0.3.0', '0.3.1', '1.0.0']) assert.equal(knowsDueDates(release), true, release);
  for (const release of ['0.2.0', '0.1.0', '', null, undefined])
    assert.equal(knowsDueDates(release), false, String(release));
});

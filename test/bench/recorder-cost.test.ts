import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeGrowth, fmtBytes, grewBy, householdYear, lessControl } from '../../bench/recorder-cost.js';
import type { RecorderSize } from '../../simulators/ha/recorder-database.js';

const empty = (): RecorderSize => {
  const t = () => ({ rows: 0, bytes: 0 });
  return {
    states: t(),
    state_attributes: t(),
    states_meta: t(),
    events: t(),
    event_data: t(),
    event_types: t(),
    statistics: t(),
    statistics_short_term: t(),
    statistics_meta: t(),
    total: t(),
  };
};

test('grewBy, lessControl and describeGrowth give what the tables gained, per unit driven', () => {
  const before = empty();
  const after = empty();
  after.states = { rows: 6, bytes: 900 };
  after.state_attributes = { rows: 2, bytes: 4000 };
  after.total = { rows: 8, bytes: 4900 };
  const growth = grewBy(before, after);
  assert.deepEqual(growth.total, { rows: 8, bytes: 4900 });
  assert.equal(describeGrowth(growth, 2), 'states 3 (450 B), state_attributes 1 (2.0 kB)');
  assert.equal(describeGrowth(grewBy(before, before), 1), 'nothing');
  const control = empty();
  control.states = { rows: 2, bytes: 300 };
  control.total = { rows: 2, bytes: 300 };
  const net = lessControl(growth, control);
  assert.deepEqual(net.states, { rows: 4, bytes: 600 });
  assert.deepEqual(net.total, { rows: 6, bytes: 4600 });
});

test('fmtBytes picks the unit', () => {
  assert.equal(fmtBytes(999), '999 B');
  assert.equal(fmtBytes(1500), '1.5 kB');
  assert.equal(fmtBytes(2_500_000), '2.5 MB');
  assert.equal(fmtBytes(-1500), '−1.5 kB');
});

test("householdYear: a day's polls and transactions, the purge window, statistics for good", () => {
  const year = householdYear(
    { rows: 1, bytes: 150 },
    { rows: 4, bytes: 3000 },
    { banks: 2, transactionsPerDay: 3, pollsPerDay: 48, purgeKeepDays: 10, statisticSensors: 2 },
  );
  assert.deepEqual(year.perDay, { rows: 2 * 48 + 12, bytes: 2 * 48 * 150 + 9000 });
  assert.deepEqual(year.keptByPurge, { rows: 1080, bytes: 234_000 });
  assert.equal(year.statisticsYear.rows, 2 * 24 * 365);
  assert.equal(year.statisticsYear.bytes, 2 * 24 * 365 * 100);
});

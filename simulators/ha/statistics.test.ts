import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'home-assistant-js-websocket';
import { SANDBOX_US_ACCOUNTS } from '../plaid/institutions.js';
import { linkedHistory, writeLinkedHistory } from '../demo/demo-history.js';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';
import { attachStatistics, type SimStatistics } from './statistics.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 0); // 2026-11-01 00:00 UTC = 2026-10-31 17:00 in Los Angeles (PDT)
const money = { state_class: 'total', unit_of_measurement: 'USD', device_class: 'monetary' };

describe('HA simulator: long-term statistics', () => {
  let sim: HaSim | undefined;
  let conn: Connection | undefined;
  let stats: SimStatistics;
  let now = T0 + 72 * H + 20 * 60_000;

  before(async () => {
    sim = await startHaSim();
    stats = attachStatistics(sim, () => now);
    conn = await connectHaws(sim.url, sim.adminToken);
    stats.importStates('sensor.checking', [
      { at: T0 + 10 * 60_000, state: '100', attributes: money },
      { at: T0 + 40 * 60_000, state: '130.5', attributes: money },
      { at: T0 + 2 * H + 5 * 60_000, state: '90', attributes: money },
      { at: T0 + 30 * H, state: 'unavailable', attributes: money },
      { at: T0 + 50 * H, state: '200', attributes: money },
    ]);
    stats.importStates('sensor.temperature', [
      { at: T0, state: '10', attributes: { state_class: 'measurement', unit_of_measurement: '°C' } },
      { at: T0 + 45 * 60_000, state: '20', attributes: { state_class: 'measurement', unit_of_measurement: '°C' } },
    ]);
    stats.importStates('sensor.no_class', [{ at: T0, state: '5', attributes: { unit_of_measurement: 'USD' } }]);
  });

  after(async () => {
    conn?.close();
    await sim?.close();
  });

  const during = (msg: Record<string, unknown>) =>
    conn!.sendMessagePromise<Record<string, Record<string, number | null>[]>>({
      type: 'recorder/statistics_during_period',
      ...msg,
    });

  it('compiles hourly state and sum for a total sensor, in ms, with only the types asked for', async () => {
    const r = await during({
      start_time: new Date(T0).toISOString(),
      statistic_ids: ['sensor.checking', 'sensor.no_class', 'sensor.nothing'],
      period: 'hour',
      types: ['state', 'sum'],
    });
    assert.deepEqual(Object.keys(r), ['sensor.checking'], 'sensors without statistics are left out');
    const rows = r['sensor.checking']!;
    // 72 full hours have ended by `now`; the current hour is not compiled yet.
    assert.equal(rows.length, 72);
    assert.deepEqual(rows.slice(0, 3), [
      { start: T0, end: T0 + H, state: 130.5, sum: 30.5 },
      { start: T0 + H, end: T0 + 2 * H, state: 130.5, sum: 30.5 },
      { start: T0 + 2 * H, end: T0 + 3 * H, state: 90, sum: -10 },
    ]);
    assert.deepEqual(
      rows[30],
      { start: T0 + 30 * H, end: T0 + 31 * H, state: 90, sum: -10 },
      'unavailable keeps the last number',
    );
    assert.deepEqual(rows.at(-1), { start: T0 + 71 * H, end: T0 + 72 * H, state: 200, sum: 100 });
  });

  it('aggregates days at local midnight of the configured time zone, keeping the last state', async () => {
    const r = await during({
      start_time: new Date(T0).toISOString(),
      statistic_ids: ['sensor.checking'],
      period: 'day',
      types: ['state', 'change'],
    });
    const midnightLA = Date.UTC(2026, 10, 1, 7); // 2026-11-01 00:00 PDT
    assert.deepEqual(r['sensor.checking']!.slice(0, 2), [
      { start: midnightLA - 24 * H, end: midnightLA, state: 90, change: -10 },
      // 1 November: DST ends, so this local day has 25 hours.
      { start: midnightLA, end: midnightLA + 25 * H, state: 90, change: 0 },
    ]);
    const week = await during({
      start_time: new Date(T0).toISOString(),
      statistic_ids: ['sensor.checking'],
      period: 'month',
      types: ['state'],
    });
    assert.deepEqual(
      week['sensor.checking']!.map((row) => row.state),
      [90, 200],
    );
  });

  it('gives a measurement a time-weighted mean with min and max, and all types by default', async () => {
    const r = await during({
      start_time: new Date(T0).toISOString(),
      end_time: new Date(T0 + H).toISOString(),
      statistic_ids: ['sensor.temperature'],
      period: 'hour',
    });
    assert.deepEqual(r['sensor.temperature'], [
      { start: T0, end: T0 + H, change: null, last_reset: null, max: 20, mean: 12.5, min: 10, state: null, sum: null },
    ]);
  });

  it('keeps metadata and lists statistic ids by type', async () => {
    const meta = await conn!.sendMessagePromise<unknown[]>({
      type: 'recorder/get_statistics_metadata',
      statistic_ids: ['sensor.checking'],
    });
    assert.deepEqual(meta, [
      {
        statistic_id: 'sensor.checking',
        display_unit_of_measurement: 'USD',
        has_mean: false,
        has_sum: true,
        name: null,
        source: 'recorder',
        statistics_unit_of_measurement: 'USD',
        unit_class: null,
      },
    ]);
    const sums = await conn!.sendMessagePromise<{ statistic_id: string }[]>({
      type: 'recorder/list_statistic_ids',
      statistic_type: 'sum',
    });
    assert.deepEqual(
      sums.map((m) => m.statistic_id),
      ['sensor.checking'],
    );
    const means = await conn!.sendMessagePromise<{ statistic_id: string }[]>({
      type: 'recorder/list_statistic_ids',
      statistic_type: 'mean',
    });
    assert.deepEqual(
      means.map((m) => m.statistic_id),
      ['sensor.temperature'],
    );
  });

  it('starts a new sum cycle at each new last_reset of a total sensor, keeping last_reset per row', async () => {
    const month = { ...money, friendly_name: 'Spending' };
    const october = '2026-10-01T00:00:00-07:00'; // aware: read by its offset
    const november = '2026-11-01T00:00:00'; // naive: read in the configured time zone, as dt_util.as_utc does
    stats.importStates('sensor.spending', [
      { at: T0 + 10 * 60_000, state: '10', attributes: { ...month, last_reset: october } },
      { at: T0 + 40 * 60_000, state: '30', attributes: { ...month, last_reset: october } },
      { at: T0 + H + 10 * 60_000, state: '5', attributes: { ...month, last_reset: november } },
      { at: T0 + H + 30 * 60_000, state: '25', attributes: { ...month, last_reset: november } },
      { at: T0 + 2 * H + 5 * 60_000, state: '40', attributes: { ...month, last_reset: 'not a time' } },
    ]);
    const r = await during({
      start_time: new Date(T0).toISOString(),
      end_time: new Date(T0 + 3 * H).toISOString(),
      statistic_ids: ['sensor.spending'],
      period: 'hour',
      types: ['state', 'sum', 'change', 'last_reset'],
    });
    const octoberMs = Date.UTC(2026, 9, 1, 7);
    const novemberMs = Date.UTC(2026, 10, 1, 7); // midnight PDT
    assert.deepEqual(r['sensor.spending'], [
      // The first state is the zero point; then 20 of growth in the cycle.
      { start: T0, end: T0 + H, change: 20, last_reset: octoberMs, state: 30, sum: 20 },
      // A new last_reset: the old cycle's growth stays, the new one counts from 0 (5, then 25).
      { start: T0 + H, end: T0 + 2 * H, change: 25, last_reset: novemberMs, state: 25, sum: 45 },
      // A last_reset HA cannot parse is ignored (with a warning): no new cycle, and the row has none.
      { start: T0 + 2 * H, end: T0 + 3 * H, change: 15, last_reset: null, state: 40, sum: 60 },
    ]);
  });

  it('refuses what HA refuses', async () => {
    await assert.rejects(during({ start_time: 'yesterday', statistic_ids: ['sensor.checking'], period: 'day' }), {
      code: 'invalid_start_time',
      message: 'Invalid start_time',
    });
    await assert.rejects(during({ start_time: new Date(T0).toISOString(), statistic_ids: [], period: 'day' }), {
      code: 'invalid_format',
    });
    await assert.rejects(
      during({ start_time: new Date(T0).toISOString(), statistic_ids: ['sensor.checking'], period: 'year' }),
      { code: 'invalid_format' },
    );
  });

  it('records live states and compiles them when their hour is over', async () => {
    sim!.setState('sensor.live', '50', money);
    const r1 = await during({
      start_time: new Date(Date.now() - 2 * H).toISOString(),
      statistic_ids: ['sensor.live'],
      period: 'hour',
      types: ['state'],
    });
    assert.deepEqual(r1, {}, 'the hour is still running');
    now = Date.now() + 2 * H;
    const r2 = await during({
      start_time: new Date(Date.now() - 2 * H).toISOString(),
      statistic_ids: ['sensor.live'],
      period: 'hour',
      types: ['state'],
    });
    assert.equal(r2['sensor.live']?.[0]?.state, 50);
  });

  it('writes 90 days of demo history ending at the balance now, which the day statistics show', async () => {
    const nowMs = Date.UTC(2026, 11, 2, 12);
    now = nowMs;
    const attrs = {
      ...money,
      institution_name: 'First Platypus Bank',
      account_type: 'depository',
      account_subtype: 'checking',
    };
    sim!.setState('sensor.platypus_checking', '1234.56', attrs);
    sim!.setState('sensor.platypus_card', '410.2', {
      ...attrs,
      account_type: 'credit',
      account_subtype: 'credit card',
    });
    const written = writeLinkedHistory(stats, sim!.states, { nowMs });
    assert.deepEqual(written.sort(), ['sensor.platypus_card', 'sensor.platypus_checking']);
    const history = linkedHistory('sensor.platypus_checking', sim!.states.get('sensor.platypus_checking')!, nowMs, 90);
    assert.equal(history.length, 90);
    assert.equal(history.at(-1)!.state, '1234.56');
    assert.ok(new Set(history.map((h) => h.state)).size > 60, 'the balance moves from day to day');
    // Plausible: a checking account ending at $1,234.56, or at the sandbox's $110, and a card owing $410.20 never cross
    // zero.
    const low = linkedHistory(
      'sensor.platypus_low',
      { ...sim!.states.get('sensor.platypus_checking')!, state: '110' },
      nowMs,
      90,
    );
    const card = linkedHistory('sensor.platypus_card', sim!.states.get('sensor.platypus_card')!, nowMs, 90);
    for (const [name, days] of [
      ['checking', history],
      ['checking at $110', low],
      ['card', card],
    ] as const) {
      const lowest = Math.min(...days.map((h) => Number(h.state)));
      assert.ok(lowest > 0, `${name}: lowest day ${lowest}`);
    }
    assert.equal(low.at(-1)!.state, '110.00');
    const r = await during({
      start_time: new Date(nowMs - 30 * 86_400_000).toISOString(),
      statistic_ids: written,
      period: 'day',
      types: ['state'],
    });
    assert.ok(r['sensor.platypus_checking']!.length >= 30);
    assert.equal(r['sensor.platypus_card']!.at(-1)!.state, 410.2);
  });

  it("moves each of the sandbox's accounts as such an account moves, over the 30 days the card shows", () => {
    const nowMs = Date.UTC(2026, 11, 3, 12);
    const base = sim!.states.get('sensor.platypus_checking')!;
    /** The largest share of the balance the account moved by in one day, and its change over the last 30 days. */
    const moves = (subtype: string) => {
      const a = SANDBOX_US_ACCOUNTS.find((t) => t.subtype === subtype)!;
      assert.ok(a.current !== null, `the sandbox's ${subtype} account has a balance`);
      const days = linkedHistory(
        `sensor.platypus_${a.mask}`,
        {
          ...base,
          state: String(a.current),
          attributes: { ...base.attributes, account_type: a.type, account_subtype: a.subtype },
        },
        nowMs,
        90,
      ).map((h) => Number(h.state));
      const end = days.at(-1)!;
      assert.equal(end, Math.round(a.current * 100) / 100, `${subtype} ends at its balance now`);
      const daily = Math.max(...days.slice(1).map((v, i) => Math.abs(v - days[i]!) / end));
      return { daily, month: (end - days.at(-31)!) / end };
    };
    // A CD earns its 0.2 % a year and nothing else; a money market account its interest and a transfer or two.
    const cd = moves('cd');
    assert.ok(cd.month >= 0 && cd.month < 0.001, `CD over 30 days: ${cd.month}`);
    for (const subtype of ['savings', 'money market']) {
      const m = moves(subtype);
      assert.ok(m.month >= 0 && m.month < 0.03, `${subtype} over 30 days: ${m.month}`);
    }
    // A loan falls by about one payment a month and never grows.
    for (const subtype of ['student', 'mortgage']) {
      const m = moves(subtype);
      assert.ok(m.month < 0 && m.month > -0.015, `${subtype} over 30 days: ${m.month}`);
    }
    // Investments drift: no day moves them by more than 2 %, nor a month by more than 10 %.
    for (const subtype of ['ira', '401k']) {
      const m = moves(subtype);
      assert.ok(m.daily < 0.02 && Math.abs(m.month) < 0.1, `${subtype}: day ${m.daily}, month ${m.month}`);
    }
  });
});

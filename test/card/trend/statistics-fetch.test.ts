import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEPT_MAX_AGE_MS } from '../../../src/card/trend/kept-statistics.js';
import {
  REFETCH_MS,
  StatisticsFetcher,
  parseStatistics,
  type TrendSeries,
} from '../../../src/card/trend/statistics-fetch.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('parseStatistics', () => {
  it("reads state by start, skipping null states, and drops what does not match HA's shape", () => {
    const series = parseStatistics({
      'sensor.a': [
        { start: 2000, end: 3000, state: 2 },
        { start: 1000, end: 2000, state: 1 },
        { start: 3000, end: 4000, state: null },
      ],
      'sensor.b': [{ start: 1000, end: 2000, state: null }],
    });
    assert.deepEqual(series.get('sensor.a'), [
      { t: 1000, v: 1 },
      { t: 2000, v: 2 },
    ]);
    assert.equal(series.has('sensor.b'), false);
    assert.equal(parseStatistics({ 'sensor.a': [{ start: '2026-01-01' }] }).size, 0);
    assert.equal(parseStatistics(null).size, 0);
  });
});

describe('StatisticsFetcher', () => {
  function setup(
    answer: (msg: Record<string, unknown>) => Promise<unknown> = async () => ({
      'sensor.a': [{ start: 1, end: 2, state: 5 }],
    }),
  ) {
    const sent: Record<string, unknown>[] = [];
    const got: TrendSeries[] = [];
    const failures: number[] = [];
    const fetcher = new StatisticsFetcher(
      (s) => got.push(s),
      () => failures.push(got.length),
    );
    const call = (msg: Record<string, unknown>) => {
      sent.push(msg);
      return answer(msg);
    };
    return { sent, got, failures, fetcher, call: { callWS: call } };
  }

  it('asks HA for daily states once, then again only after 10 minutes or when a balance changed', async () => {
    const { sent, got, fetcher, call } = setup();
    const t0 = Date.UTC(2026, 11, 2);
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '30d', 'k1', t0), true);
    await settle();
    assert.deepEqual(sent[0], {
      type: 'recorder/statistics_during_period',
      start_time: new Date(t0 - 30 * 86_400_000).toISOString(),
      statistic_ids: ['sensor.a'],
      period: 'day',
      types: ['state'],
    });
    assert.deepEqual(got[0]?.get('sensor.a'), [{ t: 1, v: 5 }]);
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '30d', 'k1', t0 + REFETCH_MS - 1), false);
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '30d', 'k2', t0 + 1000), true);
    await settle();
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '30d', 'k2', t0 + 1000 + REFETCH_MS), true);
    await settle();
    assert.equal(sent.length, 3);
  });

  it('sends one request at a time and survives a failing or throwing call', async () => {
    let fail: (e: Error) => void = () => undefined;
    const { sent, got, failures, fetcher, call } = setup(() => new Promise((_, reject) => (fail = reject)));
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '7d', 'k1', 0), true);
    await settle();
    assert.equal(sent[0]?.period, 'hour');
    assert.equal(fetcher.maybeFetch(call, ['sensor.a'], '7d', 'k2', 1), false);
    fail(new Error('not_found'));
    await settle();
    assert.equal(got.length, 0);
    assert.deepEqual(failures, [0], 'the failure is reported once, with no series');
    const throwing = {
      callWS: () => {
        throw new Error('no connection');
      },
    };
    assert.equal(fetcher.maybeFetch(throwing, ['sensor.a'], '7d', 'k2', 2), true);
    await settle();
    assert.deepEqual(failures, [0, 0], 'a throwing call is a failure too');
    assert.equal(fetcher.maybeFetch(call, [], '7d', 'k3', 3), false);
  });

  it(
    'reports the first answer even when HA has statistics for none of the sensors, ' + 'and later empty ones not again',
    async () => {
      const { got, fetcher, call } = setup(async () => ({}));
      fetcher.maybeFetch(call, ['sensor.new'], '30d', 'k1', 0);
      await settle();
      assert.equal(got.length, 1);
      assert.equal(got[0]!.size, 0);
      fetcher.maybeFetch(call, ['sensor.new'], '30d', 'k2', 1);
      await settle();
      assert.equal(got.length, 1, 'an unchanged (still empty) answer draws nothing');
    },
  );
});

describe('StatisticsFetcher with answers kept in the page', () => {
  const answer = async () => ({ 'sensor.shared': [{ start: 1, end: 2, state: 5 }] });
  const berlin = (callWS: () => Promise<unknown>) => ({ callWS, config: { time_zone: 'Europe/Berlin' } });

  it('a later fetcher for the same sensors shows the kept answer at once, asks, redraws only on news', async () => {
    const t0 = Date.UTC(2026, 11, 3);
    const first: TrendSeries[] = [];
    new StatisticsFetcher((s) => first.push(s)).maybeFetch(berlin(answer), ['sensor.shared'], '30d', 'k', t0);
    await settle();
    assert.equal(first.length, 1);

    const got: TrendSeries[] = [];
    let asked = 0;
    const later = new StatisticsFetcher((s) => got.push(s));
    later.maybeFetch(
      berlin(() => (asked++, answer())),
      ['sensor.shared'],
      '30d',
      'k',
      t0 + 60_000,
    );
    assert.deepEqual(got, [first[0]], 'drawn from the kept answer before HA answers');
    await settle();
    assert.equal(asked, 1, 'and asked HA all the same');
    assert.equal(got.length, 1, 'an equal answer draws nothing');

    const changed: TrendSeries[] = [];
    new StatisticsFetcher((s) => changed.push(s)).maybeFetch(
      berlin(async () => ({ 'sensor.shared': [{ start: 1, end: 2, state: 6 }] })),
      ['sensor.shared'],
      '30d',
      'k',
      t0 + 120_000,
    );
    await settle();
    assert.equal(changed.length, 2, 'kept answer, then the new one');
    assert.deepEqual(changed[1]!.get('sensor.shared'), [{ t: 1, v: 6 }]);
  });

  it('another time zone, or a kept answer over the age limit, waits for HA', async () => {
    const t0 = Date.UTC(2026, 11, 4);
    new StatisticsFetcher(() => undefined).maybeFetch(berlin(answer), ['sensor.zoned'], '30d', 'k', t0);
    await settle();
    for (const [zone, at] of [
      ['Asia/Tokyo', t0 + 1],
      ['Europe/Berlin', t0 + KEPT_MAX_AGE_MS],
    ] as const) {
      const got: TrendSeries[] = [];
      const hass = { callWS: answer, config: { time_zone: zone } };
      new StatisticsFetcher((s) => got.push(s)).maybeFetch(hass, ['sensor.zoned'], '30d', 'k', at);
      assert.equal(got.length, 0, `${zone} at +${at - t0} ms`);
      await settle();
      assert.equal(got.length, 1);
    }
  });
});

describe('reuseUnchanged', () => {
  it('keeps unchanged arrays and the whole map when nothing changed', async () => {
    const { reuseUnchanged } = await import('../../../src/card/trend/statistics-fetch.js');
    const a = [{ t: 1, v: 1 }];
    const prev = new Map([
      ['sensor.a', a],
      ['sensor.b', [{ t: 1, v: 2 }]],
    ]);
    assert.equal(
      reuseUnchanged(
        prev,
        new Map([
          ['sensor.a', [{ t: 1, v: 1 }]],
          ['sensor.b', [{ t: 1, v: 2 }]],
        ]),
      ),
      prev,
    );
    const next = reuseUnchanged(
      prev,
      new Map([
        ['sensor.a', [{ t: 1, v: 1 }]],
        ['sensor.b', [{ t: 1, v: 3 }]],
      ]),
    );
    assert.notEqual(next, prev);
    assert.equal(next.get('sensor.a'), a);
    assert.deepEqual(next.get('sensor.b'), [{ t: 1, v: 3 }]);
    assert.notEqual(reuseUnchanged(prev, new Map([['sensor.a', a]])), prev, 'a sensor gone is a change');
  });
});

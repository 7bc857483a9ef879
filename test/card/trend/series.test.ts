import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { trendWindow } from '../../../src/card/trend/period.js';
import { downsample, totalSeries, trendChange } from '../../../src/card/trend/series.js';
import { sparklinePath } from '../../../src/card/trend/sparkline-path.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const pts = (...vs: number[]) => vs.map((v, i) => ({ t: i * 3_600_000, v }));

describe('trendWindow', () => {
  it('reads hours for a week and days for longer periods', () => {
    const now = Date.UTC(2026, 11, 2, 12);
    assert.deepEqual(trendWindow('7d', now), { startMs: now - 7 * DAY, period: 'hour', days: 7 });
    assert.deepEqual(trendWindow('30d', now), { startMs: now - 30 * DAY, period: 'day', days: 30 });
    assert.equal(trendWindow('1y', now).startMs, now - 365 * DAY);
  });
});

describe('trendChange', () => {
  it('is good news when an asset grows and when a debt (the amount owed, as shown) shrinks', () => {
    assert.deepEqual(trendChange(pts(100, 220.5)), { delta: 120.5, good: true });
    assert.deepEqual(trendChange(pts(500, 420), true), { delta: -80, good: true });
    assert.deepEqual(trendChange(pts(500, 620), true), { delta: 120, good: false });
    assert.deepEqual(trendChange(pts(100, 90)), { delta: -10, good: false });
  });
  it('calls no change neither, counts in cents, and needs two points', () => {
    assert.deepEqual(trendChange(pts(0.1 + 0.2, 0.3)), { delta: 0, good: null });
    assert.equal(trendChange(pts(5)), null);
  });
});

describe('downsample', () => {
  it('keeps first and last and at most max points', () => {
    const many = pts(...Array.from({ length: 168 }, (_, i) => i));
    const few = downsample(many, 60);
    assert.equal(few.length, 60);
    assert.equal(few[0], many[0]);
    assert.equal(few.at(-1), many.at(-1));
    assert.ok(few.every((p, i) => i === 0 || p.t > few[i - 1]!.t));
  });
  it('leaves short series alone', () => {
    const short = pts(1, 2, 3);
    assert.equal(downsample(short, 60), short);
  });
});

describe('totalSeries', () => {
  it('subtracts liabilities, carries values forward and starts where every account has one', () => {
    const checking = {
      currency: 'USD',
      liability: false,
      points: [
        { t: 0, v: 1000 },
        { t: 2, v: 1100 },
        { t: 3, v: 900 },
      ],
    };
    const card = {
      currency: 'USD',
      liability: true,
      points: [
        { t: 1, v: 200 },
        { t: 3, v: 50.1 },
      ],
    };
    const euro = { currency: 'EUR', liability: false, points: [{ t: 0, v: 5 }] };
    const totals = totalSeries([checking, card, euro, { currency: 'GBP', liability: false, points: [] }]);
    assert.deepEqual(totals.get('USD'), [
      { t: 1, v: 800 },
      { t: 2, v: 900 },
      { t: 3, v: 849.9 },
    ]);
    assert.deepEqual(totals.get('EUR'), [{ t: 0, v: 5 }]);
    assert.equal(totals.has('GBP'), false);
  });
});

describe('sparklinePath', () => {
  it('puts the lowest balance at the bottom and spaces points by time', () => {
    const d = sparklinePath(
      [
        { t: 0, v: 10 },
        { t: 1, v: 20 },
        { t: 4, v: 0 },
      ],
      100,
      20,
    );
    assert.equal(d, 'M0 10L25 0L100 20');
  });
  it('draws a flat balance through the middle, and nothing for one point', () => {
    assert.equal(sparklinePath(pts(7, 7), 100, 18), 'M0 9L100 9');
    assert.equal(sparklinePath(pts(7), 100, 18), '');
    assert.equal(sparklinePath(pts(0, 0), 100, 18), 'M0 9L100 9');
  });
  it('draws a move of under 2 % of the balance that much smaller, centred, and a debt the same way', () => {
    // $0.17 of interest on a $1,000 CD: both ends within a fifth of a pixel of the middle (ten units a pixel), not a
    // full-height step.
    assert.equal(
      sparklinePath(
        [
          { t: 0, v: 999.83 },
          { t: 1, v: 1000 },
        ],
        100,
        180,
      ),
      'M0 91L100 89',
    );
    // 1 % of the balance spans half the box.
    assert.equal(
      sparklinePath(
        [
          { t: 0, v: 10_000 },
          { t: 1, v: 10_100 },
        ],
        100,
        180,
      ),
      'M0 135L100 45',
    );
    assert.equal(
      sparklinePath(
        [
          { t: 0, v: -10_100 },
          { t: 1, v: -10_000 },
        ],
        100,
        180,
      ),
      'M0 135L100 45',
    );
    // From 2 % on, the line fills the box as before.
    assert.equal(
      sparklinePath(
        [
          { t: 0, v: 10_000 },
          { t: 1, v: 10_300 },
        ],
        100,
        180,
      ),
      'M0 180L100 0',
    );
  });
});

describe('trend view', () => {
  before(async () => {
    const { loadCardStrings } = await import('../../../src/card/localize.js');
    await Promise.all([loadCardStrings('en'), loadCardStrings('de')]);
  });
  it(
    'gives a liability going down as good news, as the amount owed its row shows, with a ' +
      'localised change, and hides amounts when concealed (a total keeps its currency code)',
    async () => {
      const { accountTrend, currencyTrends } = await import('../../../src/card/trend/trend-view.js');
      const { makeLocalize } = await import('../../../src/card/localize.js');
      // Their balances now are the newest statistics' (the lag is the next test's).
      const card = account({ primaryEntityId: 'sensor.card', type: 'credit', current: 379.5 });
      const checking = account({ primaryEntityId: 'sensor.checking', type: 'depository', current: 900 });
      // HA's days from the window's start (30 days before now) to yesterday.
      const series = new Map([
        [
          'sensor.card',
          [
            { t: 0, v: 500 },
            { t: 29 * DAY, v: 379.5 },
          ],
        ],
        [
          'sensor.checking',
          [
            { t: 0, v: 1000 },
            { t: 29 * DAY, v: 900 },
          ],
        ],
      ]);
      const ctx = {
        trend: '30d' as const,
        series,
        localize: makeLocalize('en'),
        numberLocale: { language: 'en' },
        concealed: false,
        nowMs: 30 * DAY,
      };
      const line = accountTrend(card, 'Sapphire', ctx)!;
      // The row shows the card's balance as "$379.50 owed" (was $500.00 owed): the change and the line follow it.
      assert.equal(line.text, '-$120.50 in 30 days');
      assert.equal(line.change?.good, true);
      assert.equal(line.label, 'Sapphire: -$120.50 in 30 days');
      assert.deepEqual(
        line.points.map((p) => p.v),
        [500, 379.5, 379.5],
        "the line falls as the debt does, as in HA's history graph, and ends now",
      );
      const de = accountTrend(checking, 'Giro', {
        ...ctx,
        localize: makeLocalize('de'),
        numberLocale: { language: 'de' },
      })!;
      assert.equal(de.text, '-100,00\u00a0$ in 30 Tagen');
      const hidden = accountTrend(checking, 'Giro', { ...ctx, concealed: true })!;
      assert.equal(hidden.text, null);
      assert.equal(hidden.label, 'Giro: balance trend, amounts hidden');
      assert.equal(hidden.points.length, 3, 'the shape stays');
      assert.equal(
        accountTrend(account({ primaryEntityId: 'sensor.none', type: 'depository', current: 1 }), 'x', ctx),
        null,
      );
      const totals = currencyTrends([checking, card], ctx);
      assert.equal(totals.get('USD')?.text, '+$20.50 in 30 days', '-100 on checking, 120.50 less owed on the card');
      assert.equal(currencyTrends([checking, card], ctx), totals, 'nothing moved: the same answer');
      const hiddenTotal = currencyTrends([checking, card], { ...ctx, concealed: true }).get('USD')!;
      assert.equal(
        hiddenTotal.text,
        'USD',
        "a concealed total names its currency, so two currencies' lines can be told apart",
      );
      assert.equal(hiddenTotal.label, 'Total USD: balance trend, amounts hidden');
    },
  );

  it('ends at the balance the row shows, now, before HA compiled the hour it changed in', async () => {
    const { accountTrend, currencyTrends } = await import('../../../src/card/trend/trend-view.js');
    const { makeLocalize } = await import('../../../src/card/localize.js');
    // The salary came 20 minutes ago: the row says $1,400, HA's newest hour still $900.
    const checking = account({ primaryEntityId: 'sensor.checking', type: 'depository', current: 1400 });
    const card = account({ primaryEntityId: 'sensor.card', type: 'credit', current: 400 });
    const unavailable = account({
      primaryEntityId: 'sensor.gone',
      type: 'depository',
      current: null,
      unavailable: true,
    });
    // A week of HA's hours, the newest the one that ended at 7 days: now is 20 minutes later.
    const week = 7 * DAY;
    const series = new Map([
      [
        'sensor.checking',
        [
          { t: 0, v: 1000 },
          { t: week - HOUR, v: 900 },
        ],
      ],
      [
        'sensor.card',
        [
          { t: 0, v: 500 },
          { t: week - HOUR, v: 400 },
        ],
      ],
      [
        'sensor.gone',
        [
          { t: 0, v: 10 },
          { t: week - HOUR, v: 20 },
        ],
      ],
    ]);
    const now = week + 20 * 60_000;
    const ctx = {
      trend: '7d' as const,
      series,
      localize: makeLocalize('en'),
      numberLocale: { language: 'en' },
      concealed: false,
      nowMs: now,
    };
    const line = accountTrend(checking, 'Giro', ctx)!;
    assert.equal(line.text, '+$400.00 in 7 days', '$1,000 then, $1,400 shown now');
    assert.deepEqual(line.points.at(-1), { t: now, v: 1400 });
    assert.equal(
      currencyTrends([checking, card], ctx).get('USD')?.text,
      '+$500.00 in 7 days',
      '+400 on checking, 100 less owed',
    );
    const gone = accountTrend(unavailable, 'Gone', ctx)!;
    assert.deepEqual(gone.points.at(-1), { t: week - HOUR, v: 20 }, "no balance now: the line ends where HA's did");
    const available = account({
      primaryEntityId: 'sensor.a',
      type: 'depository',
      current: null,
      available: 50,
      entityIds: { available: 'sensor.a' },
    });
    const onlyAvailable = accountTrend(available, 'A', {
      ...ctx,
      series: new Map([
        [
          'sensor.a',
          [
            { t: 0, v: 10 },
            { t: week - HOUR, v: 20 },
          ],
        ],
      ]),
    })!;
    assert.equal(
      onlyAvailable.points.at(-1)?.v,
      50,
      "an account with only an available sensor ends at that sensor's balance",
    );
  });

  it(
    'says the span HA has recorded, not the period asked for, ' +
      'while the history is shorter (a bank linked last week)',
    async () => {
      const { accountTrend } = await import('../../../src/card/trend/trend-view.js');
      const { makeLocalize } = await import('../../../src/card/localize.js');
      const now = 100 * DAY;
      const checking = account({ primaryEntityId: 'sensor.checking', type: 'depository', current: 1100 });
      const change = (trend: '7d' | '30d', language: string, from: number) =>
        accountTrend(checking, 'Giro', {
          trend,
          series: new Map([
            [
              'sensor.checking',
              [
                { t: from, v: 1000 },
                { t: now - HOUR, v: 1050 },
              ],
            ],
          ]),
          localize: makeLocalize(language),
          numberLocale: { language },
          concealed: false,
          nowMs: now,
        })!.text;
      assert.equal(change('30d', 'en', now - 30 * DAY), '+$100.00 in 30 days', 'the whole period');
      assert.equal(
        change('30d', 'en', now - 30 * DAY - 20 * HOUR),
        '+$100.00 in 30 days',
        "HA's first day starts before the window",
      );
      assert.equal(change('30d', 'en', now - 8 * DAY), '+$100.00 in 8 days');
      assert.equal(change('30d', 'de', now - 8 * DAY), '+100,00\u00a0$ in 8 Tagen');
      assert.equal(change('30d', 'en', now - DAY), '+$100.00 in 1 day');
      assert.equal(change('30d', 'de', now - DAY), '+100,00\u00a0$ in 1 Tag');
      assert.equal(change('7d', 'en', now - 5 * HOUR), '+$100.00 in 5 hours');
      assert.equal(change('7d', 'de', now - HOUR), '+100,00\u00a0$ in 1 Stunde');
    },
  );
});

/** What the trend view reads of an account (accounts.ts builds the whole one). */
function account(a: {
  primaryEntityId: string;
  type: string;
  current: number | null;
  available?: number | null;
  unavailable?: boolean;
  entityIds?: Record<string, string>;
}): never {
  return {
    currency: 'USD',
    available: null,
    unavailable: false,
    entityIds: { current: a.primaryEntityId },
    ...a,
  } as never;
}

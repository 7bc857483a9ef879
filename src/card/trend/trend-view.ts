import { isLiability, type Account } from '../accounts.js';
import { formatMoney, type NumberLocale } from '../currency-format.js';
import type { Localize } from '../localize.js';
import { precisionsByCurrency, sharedPrecision, type EntityDisplays } from '../registries.js';
import { shorterSpan, type ActiveTrend } from './period.js';
import { downsample, totalSeries, trendChange, type TrendPoint } from './series.js';
import type { TrendSeries } from './statistics-fetch.js';
import { PENDING_LINE, PENDING_TOTAL_LINE, type TrendLineProps } from './trend-line.js';

/** More points than a row has pixels to show them only cost render time. */
const MAX_POINTS = 60;

export interface TrendContext {
  trend: ActiveTrend;
  /** Null until HA's first statistics answer: every line is pending then. */
  series: TrendSeries | null;
  localize: Localize;
  numberLocale: NumberLocale;
  /** `hass.entities`: the sensors' display precisions (registries.ts). */
  entities?: EntityDisplays;
  concealed: boolean;
  /** The card's clock: where the lines end (see untilNow). */
  nowMs: number;
}

let lastPeriod: { localize: Localize; trend: ActiveTrend; text: string } | null = null;
/** "in 30 days", once per language and period rather than once per row. */
function configuredPeriod(ctx: TrendContext): string {
  if (lastPeriod?.localize !== ctx.localize || lastPeriod.trend !== ctx.trend) {
    lastPeriod = { localize: ctx.localize, trend: ctx.trend, text: ctx.localize(`card.trend_${ctx.trend}`) };
  }
  return lastPeriod.text;
}

/**
 * What the change really spans: the configured period, or less while HA has recorded less ("in 8 days", not "in 30
 * days").
 */
function periodText(points: readonly TrendPoint[], ctx: TrendContext): string {
  const span = shorterSpan(ctx.trend, points[0].t, points[points.length - 1].t, ctx.nowMs);
  if (!span) return configuredPeriod(ctx);
  if (span.unit === 'day')
    return span.count === 1
      ? ctx.localize('card.trend_one_day')
      : ctx.localize('card.trend_days', { days: span.count });
  return span.count === 1
    ? ctx.localize('card.trend_one_hour')
    : ctx.localize('card.trend_hours', { hours: span.count });
}

/** One line's text and shape; `money` says how its change reads: currency and decimals. */
function props(
  name: string,
  points: readonly TrendPoint[],
  liability: boolean,
  money: { currency: string | null; precision: number | undefined },
  ctx: TrendContext,
  large: boolean,
): TrendLineProps | null {
  const { currency } = money;
  if (points.length < 2) return null;
  // A debt's sensor holds what is owed, and its row shows that amount owed
  // (balance-row.ts), as HA's history graph does: its line and its change
  // follow it, so paying a card down reads "-$120.50", falls, and is good news.
  const change = trendChange(points, liability);
  if (ctx.concealed || !change) {
    // A total's line still names its currency, which hides no amount: with two currencies the lines would look alike.
    const text = large ? currency : null;
    return {
      points: downsample(points, MAX_POINTS),
      change,
      text,
      currencyOnly: large,
      label: ctx.localize('card.trend_label_hidden', { name }),
      large,
    };
  }
  const amount = (change.delta > 0 ? '+' : '') + formatMoney(change.delta, currency, ctx.numberLocale, money.precision);
  const text = ctx.localize('card.trend_change', { change: amount, period: periodText(points, ctx) });
  return { points: downsample(points, MAX_POINTS), change, text, label: `${name}: ${text}`, large };
}

/** The balance of the sensor the statistics are of (a debt's owed amount, positive), as HA holds it now. */
function sensorBalance(account: Account): number | null {
  return account.primaryEntityId === account.entityIds.available ? account.available : account.current;
}

/**
 * HA compiles an hour's statistics only after the hour ends, so the newest
 * point can lag the balance the row shows by an hour or more (and asking
 * again right after a balance changed brings nothing newer). The line and
 * its change end at that balance, now, so a salary that just arrived is in
 * both, and every line ends at the same time.
 */
function untilNow(recorded: readonly TrendPoint[], account: Account, nowMs: number): readonly TrendPoint[] {
  const balance = sensorBalance(account);
  const last = recorded[recorded.length - 1];
  if (balance === null || account.unavailable || !last || nowMs <= last.t) return recorded;
  return [...recorded, { t: nowMs, v: balance }];
}

/** Per statistics array (kept while unchanged, see reuseUnchanged): a render where nothing moved recomputes nothing. */
const cache = new WeakMap<readonly TrendPoint[], { sig: string; line: TrendLineProps | null }>();

/** The row's sparkline, from its primary sensor's statistics; null without statistics. */
export function accountTrend(
  account: Account,
  name: string,
  ctx: TrendContext,
  precision = sharedPrecision(ctx.entities, [account]),
): TrendLineProps | null {
  if (!ctx.series) return PENDING_LINE;
  const points = ctx.series.get(account.primaryEntityId);
  if (!points) return null;
  const sig = [
    name,
    account.type,
    account.currency,
    sensorBalance(account),
    account.unavailable,
    ctx.nowMs,
    ctx.trend,
    ctx.concealed,
    ctx.numberLocale.language,
    ctx.numberLocale.number_format,
    precision,
  ].join('|');
  const hit = cache.get(points);
  if (hit?.sig === sig) return hit.line;
  const line = props(
    name,
    untilNow(points, account, ctx.nowMs),
    isLiability(account),
    { currency: account.currency, precision },
    ctx,
    false,
  );
  cache.set(points, { sig, line });
  return line;
}

let lastTotals: {
  series: TrendSeries | null;
  entities: EntityDisplays | undefined;
  sig: string;
  accounts: readonly Account[];
  result: Map<string, TrendLineProps>;
} | null = null;

/**
 * Net worth per currency over time, from the accounts that have statistics.
 * Remembered for the same series and Account objects (accounts.ts keeps those
 * while their sensors do not change), so a render where nothing moved redoes nothing.
 */
export function currencyTrends(
  accounts: readonly Account[],
  ctx: TrendContext,
  precisions = precisionsByCurrency(ctx.entities, accounts),
): Map<string, TrendLineProps> {
  const sig = [ctx.trend, ctx.concealed, ctx.nowMs, ctx.numberLocale.language, ctx.numberLocale.number_format].join(
    '|',
  );
  const last = lastTotals;
  if (
    last &&
    last.series === ctx.series &&
    last.entities === ctx.entities &&
    last.sig === sig &&
    last.accounts.length === accounts.length &&
    last.accounts.every((a, i) => a === accounts[i])
  ) {
    return last.result;
  }
  const result = ctx.series ? computeCurrencyTrends(accounts, ctx.series, precisions, ctx) : pendingTotals(accounts);
  lastTotals = { series: ctx.series, entities: ctx.entities, sig, accounts, result };
  return result;
}

function pendingTotals(accounts: readonly Account[]): Map<string, TrendLineProps> {
  return new Map(accounts.flatMap((a) => (a.currency ? [[a.currency, PENDING_TOTAL_LINE] as const] : [])));
}

function computeCurrencyTrends(
  accounts: readonly Account[],
  series: TrendSeries,
  precisions: ReadonlyMap<string, number | undefined>,
  ctx: TrendContext,
): Map<string, TrendLineProps> {
  const inputs = accounts.flatMap((a) => {
    const points = series.get(a.primaryEntityId);
    return a.currency && points
      ? [{ currency: a.currency, liability: isLiability(a), points: untilNow(points, a, ctx.nowMs) }]
      : [];
  });
  const out = new Map<string, TrendLineProps>();
  for (const [currency, points] of totalSeries(inputs)) {
    const line = props(
      `${ctx.localize('card.total')} ${currency}`,
      points,
      false,
      { currency, precision: precisions.get(currency) },
      ctx,
      true,
    );
    if (line) out.set(currency, line);
  }
  return out;
}

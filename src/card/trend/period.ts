export const TREND_OPTIONS = ['none', '7d', '30d', '90d', '1y'] as const;
export type Trend = (typeof TREND_OPTIONS)[number];
export type ActiveTrend = Exclude<Trend, 'none'>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DAYS: Record<ActiveTrend, number> = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 };

/** What to ask HA's recorder for: a week of days is only 7 points, so 7d reads hours. */
export interface TrendWindow {
  startMs: number;
  period: 'hour' | 'day';
  days: number;
}

export function trendWindow(trend: ActiveTrend, nowMs: number): TrendWindow {
  const days = DAYS[trend];
  return { startMs: nowMs - days * DAY_MS, period: trend === '7d' ? 'hour' : 'day', days };
}

/**
 * How much a series from `firstMs` to `lastMs` covers when HA has recorded
 * less than the window (a bank linked last week): whole days, or hours under
 * a day. Null when it covers the period: HA's first row may start up to one
 * of its periods before the window.
 */
export function shorterSpan(
  trend: ActiveTrend,
  firstMs: number,
  lastMs: number,
  nowMs: number,
): { unit: 'day' | 'hour'; count: number } | null {
  const w = trendWindow(trend, nowMs);
  if (firstMs - w.startMs <= (w.period === 'day' ? DAY_MS : HOUR_MS)) return null;
  const days = Math.round((lastMs - firstMs) / DAY_MS);
  return days >= 1
    ? { unit: 'day', count: days }
    : { unit: 'hour', count: Math.max(1, Math.round((lastMs - firstMs) / HOUR_MS)) };
}

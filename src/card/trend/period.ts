export const TREND_OPTIONS = ['none', '7d', '30d', '90d', '1y'] as const;
export type Trend = (typeof TREND_OPTIONS)[number];
export type ActiveTrend = Exclude<Trend, 'none'>;

const DAY_MS = 86_400_000;
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

import type { ActiveTrend } from './period.js';
import type { TrendSeries } from './statistics-fetch.js';

/**
 * How old a kept answer may be and still be drawn while a fresh one is on its
 * way: the recorder adds a row an hour, so an older answer lacks what HA has.
 */
export const KEPT_MAX_AGE_MS = 3_600_000;
/** A page holds a few cards; more sets of sensors than this come from editing them, and are let go. */
const KEPT_MAX = 8;

/**
 * The last statistics answer for each set of sensors, shared by every card of
 * the page: HA creates a view's cards anew each time the view is opened, and a
 * new card draws its lines from here at once while it asks HA again. In memory
 * only, gone with the page: balances are private, and none is written to the
 * browser's storage.
 */
const kept = new Map<string, { series: TrendSeries; at: number }>();

/** HA reduces hours to days in its own time zone, so the same sensors' days differ between zones. */
export const keptKey = (ids: readonly string[], trend: ActiveTrend, timeZone: string | undefined): string =>
  [trend, timeZone, ...ids].join(' ');

export function keptSeries(key: string, nowMs: number): TrendSeries | null {
  const entry = kept.get(key);
  return entry && nowMs - entry.at < KEPT_MAX_AGE_MS ? entry.series : null;
}

export function keep(key: string, series: TrendSeries, nowMs: number): void {
  if (kept.size >= KEPT_MAX && !kept.has(key)) kept.clear();
  kept.set(key, { series, at: nowMs });
}

/** A page starting afresh, as a reload does (tests of a card's first opening). */
export function forgetKept(): void {
  kept.clear();
}

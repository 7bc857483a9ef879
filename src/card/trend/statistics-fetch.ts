import { keep, keptKey, keptSeries } from './kept-statistics.js';
import { trendWindow, type ActiveTrend } from './period.js';
import type { TrendPoint } from './series.js';

/** Balances move a few times a day; new hourly statistics appear once an hour. */
export const REFETCH_MS = 600_000;

export type TrendSeries = ReadonlyMap<string, readonly TrendPoint[]>;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * HA's answer to `recorder/statistics_during_period`, checked at the edge
 * (only `start` and `state` are read; a plain check rather than a superstruct
 * schema, which cost the bundle 300 bytes). An entity HA has no statistics for
 * is simply absent: no sparkline, no error; so is a malformed list.
 */
export function parseStatistics(raw: unknown): TrendSeries {
  const series = new Map<string, TrendPoint[]>();
  if (typeof raw !== 'object' || !raw) return series;
  for (const [id, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) continue;
    const points: TrendPoint[] = [];
    let ok = true;
    let sorted = true;
    // Plain loops: 50 sensors' answers are read in the card's first render.
    for (const r of list as Array<{ start?: unknown; state?: unknown } | null>) {
      if (!finite(r?.start)) {
        ok = false;
        break;
      }
      if (!finite(r.state)) continue;
      if (points.length && r.start < points[points.length - 1].t) sorted = false;
      points.push({ t: r.start, v: r.state });
    }
    if (!ok || !points.length) continue;
    // HA answers in time order; sort only what is not.
    series.set(id, sorted ? points : points.sort((a, b) => a.t - b.t));
  }
  return series;
}

export function statisticsRequest(ids: readonly string[], trend: ActiveTrend, nowMs: number): Record<string, unknown> {
  const w = trendWindow(trend, nowMs);
  return {
    type: 'recorder/statistics_during_period',
    start_time: new Date(w.startMs).toISOString(),
    statistic_ids: [...ids],
    period: w.period,
    types: ['state'],
  };
}

const samePoints = (a: readonly TrendPoint[], b: readonly TrendPoint[]) =>
  a.length === b.length && a.every((p, i) => p.t === b[i].t && p.v === b[i].v);

/**
 * Keeps the previous array of every sensor whose statistics did not change, and
 * the previous map when none did: the card's caches (keyed on those arrays)
 * then redraw only the rows whose trend moved, and an unchanged answer draws nothing.
 */
export function reuseUnchanged(prev: TrendSeries, next: TrendSeries): TrendSeries {
  let changed = prev.size !== next.size;
  const merged = new Map<string, readonly TrendPoint[]>();
  for (const [id, points] of next) {
    const old = prev.get(id);
    if (old && samePoints(old, points)) merged.set(id, old);
    else {
      merged.set(id, points);
      changed = true;
    }
  }
  return changed ? merged : prev;
}

/** What the fetcher needs of `hass`: its websocket and HA's time zone, which decides HA's days (see keptKey). */
export interface StatisticsSource {
  callWS(msg: Record<string, unknown>): Promise<unknown>;
  config?: { time_zone?: string };
}

/**
 * Decides when the card asks HA for statistics: the first time it is shown,
 * when what it shows changes (`key`: its ids, period and balances), and
 * otherwise at most every REFETCH_MS. The card calls `maybeFetch` only after
 * its own update filter let a render through (or on its clock), so unrelated
 * `hass` updates never reach it. One request at a time; a failed request
 * leaves the last good series and is retried after REFETCH_MS. Every answer is
 * kept for the page's other and later cards (kept-statistics.ts).
 */
export class StatisticsFetcher {
  #series: TrendSeries = new Map();
  #key: string | null = null;
  #at = -Infinity;
  #inFlight = false;
  #answered = false;

  /** `onFailure`: a request failed (HA without a recorder, no connection); the card then stops waiting for lines. */
  constructor(
    private readonly onSeries: (series: TrendSeries) => void,
    private readonly onFailure: () => void = () => undefined,
  ) {}

  /**
   * A first request hands over at once what the page kept for the same
   * sensors, then asks: an equal answer then draws nothing.
   */
  maybeFetch(hass: StatisticsSource, ids: readonly string[], trend: ActiveTrend, key: string, nowMs: number): boolean {
    if (this.#inFlight || !ids.length || (key === this.#key && nowMs - this.#at < REFETCH_MS)) return false;
    this.#key = key;
    this.#at = nowMs;
    this.#inFlight = true;
    const kept = keptKey(ids, trend, hass.config?.time_zone);
    const shown = !this.#answered && keptSeries(kept, nowMs);
    if (shown) this.onSeries((this.#series = shown));
    this.#answered ||= !!shown;
    const msg = statisticsRequest(ids, trend, nowMs);
    // A hass without a connection (a test page, a preview) throws here rather than rejecting.
    Promise.resolve()
      .then(() => hass.callWS(msg))
      .then((raw) => {
        const next = reuseUnchanged(this.#series, parseStatistics(raw));
        keep(kept, next, nowMs);
        // The first answer is news even when empty: the card stops holding the lines' places.
        if (next !== this.#series || !this.#answered) this.onSeries((this.#series = next));
        this.#answered = true;
      })
      .catch(() => this.onFailure())
      .finally(() => (this.#inFlight = false));
    return true;
  }
}

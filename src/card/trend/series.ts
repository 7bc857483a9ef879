/** One point of a balance over time: the start of a statistics period (ms) and the balance then. */
export interface TrendPoint {
  t: number;
  v: number;
}

export interface TrendChange {
  delta: number;
  /** A balance going up is good news, and a debt (`owed`, its points what is owed) going down; no change is neither. */
  good: boolean | null;
}

/** First to last point; fewer than two points say nothing about a direction. */
export function trendChange(points: readonly TrendPoint[], owed = false): TrendChange | null {
  if (points.length < 2) return null;
  // In cents, so 0.1 + 0.2 style noise never shows as a change.
  const cents = Math.round(points[points.length - 1].v * 100) - Math.round(points[0].v * 100);
  return { delta: cents / 100, good: cents === 0 ? null : cents > 0 !== owed };
}

/**
 * At most `max` points, each the last of its slice, and the very first point
 * kept: the sparkline still starts and ends where the balance did.
 */
export function downsample(points: readonly TrendPoint[], max: number): readonly TrendPoint[] {
  if (points.length <= max || max < 2) return points;
  const out: TrendPoint[] = [points[0]];
  const step = (points.length - 1) / (max - 1);
  for (let i = 1; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

export interface TotalInput {
  currency: string;
  liability: boolean;
  points: readonly TrendPoint[];
}

/**
 * Net worth per currency over time, counted as the total counts it (a
 * liability's balance subtracts). It starts where every account of that
 * currency has a value, and an account keeps its last value until the next.
 */
export function totalSeries(inputs: readonly TotalInput[]): Map<string, TrendPoint[]> {
  const byCurrency = new Map<string, TotalInput[]>();
  for (const input of inputs) {
    if (!input.points.length) continue;
    const list = byCurrency.get(input.currency);
    if (list) list.push(input);
    else byCurrency.set(input.currency, [input]);
  }
  const result = new Map<string, TrendPoint[]>();
  // Plain loops over numbers: this runs in the card's first render over every account's points.
  for (const [currency, list] of byCurrency) {
    let from = -Infinity;
    // Unique times first: the accounts' statistics mostly share their hours, so this sorts 30 numbers, not 1 500.
    const times = new Set<number>();
    const cents = list.map((input) => {
      from = Math.max(from, input.points[0].t);
      const sign = input.liability ? -1 : 1;
      return input.points.map((p) => {
        times.add(p.t);
        return Math.round(p.v * 100) * sign;
      });
    });
    const all = Float64Array.from(times).sort();
    const cursors = list.map(() => 0);
    const out: TrendPoint[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i];
      if (t < from) continue;
      let sum = 0;
      for (let k = 0; k < list.length; k++) {
        const points = list[k].points;
        let c = cursors[k];
        while (c + 1 < points.length && points[c + 1].t <= t) c++;
        cursors[k] = c;
        sum += cents[k][c];
      }
      out.push({ t, v: sum / 100 });
    }
    result.set(currency, out);
  }
  return result;
}

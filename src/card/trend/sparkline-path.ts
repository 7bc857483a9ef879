import type { TrendPoint } from './series.js';

/**
 * An SVG path through the points, scaled to a `width` × `height` box with the
 * lowest balance at the bottom. Time runs along x by timestamp, so a gap in the
 * recorder's history shows as a straight stretch rather than being squeezed out.
 * A flat balance draws a line through the middle.
 */
export function sparklinePath(points: readonly TrendPoint[], width: number, height: number): string {
  if (points.length < 2) return '';
  const t0 = points[0]!.t;
  const span = points[points.length - 1]!.t - t0 || 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.v);
    hi = Math.max(hi, p.v);
  }
  const range = hi - lo;
  const sx = width / span;
  const sy = range === 0 ? 0 : height / range;
  // Whole units (the card's box is ten units per pixel): integers print faster
  // than decimals, and a plain loop beats map/join; 51 lines are drawn in a first render.
  let d = '';
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const y = range === 0 ? height / 2 : height - (p.v - lo) * sy;
    d += (i ? 'L' : 'M') + Math.round((p.t - t0) * sx) + ' ' + Math.round(y);
  }
  return d;
}

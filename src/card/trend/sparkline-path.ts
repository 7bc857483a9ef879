import type { TrendPoint } from './series.js';

/**
 * The least height a line spans, as a share of its largest balance: a CD's
 * $0.17 of interest on $1,000 would otherwise draw the same full-height step
 * as a salary on a checking account. Moves under 2 % of the balance are drawn
 * that much smaller, centred; larger ones fill the box as before.
 */
export const MIN_RANGE_SHARE = 0.02;

/**
 * An SVG path through the points, scaled to a `width` × `height` box with the
 * lowest balance at the bottom (see MIN_RANGE_SHARE for small moves). Time
 * runs along x by timestamp, so a gap in the recorder's history shows as a
 * straight stretch rather than being squeezed out. A flat balance draws a
 * line through the middle.
 */
export function sparklinePath(points: readonly TrendPoint[], width: number, height: number): string {
  if (points.length < 2) return '';
  const t0 = points[0].t;
  const span = points[points.length - 1].t - t0 || 1;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    min = Math.min(min, p.v);
    max = Math.max(max, p.v);
  }
  const range = Math.max(max - min, MIN_RANGE_SHARE * Math.max(Math.abs(min), Math.abs(max)));
  const lo = (min + max) / 2 - range / 2;
  const sx = width / span;
  const sy = range === 0 ? 0 : height / range;
  // Whole units (the card's box is ten units per pixel): integers print faster
  // than decimals, and a plain loop beats map/join; 51 lines are drawn in a first render.
  let d = '';
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const y = range === 0 ? height / 2 : height - (p.v - lo) * sy;
    d += (i ? 'L' : 'M') + Math.round((p.t - t0) * sx) + ' ' + Math.round(y);
  }
  return d;
}

import type { Localize } from './localize.js';

export interface Staleness {
  stale: boolean;
  /** Age of the last good fetch; null when it never happened or cannot be read. */
  ageMs: number | null;
}

export function staleness(lastRefreshed: string | null, staleAfterMs: number, now: number): Staleness {
  const at = lastRefreshed ? Date.parse(lastRefreshed) : NaN;
  if (Number.isNaN(at)) return { stale: true, ageMs: null };
  const ageMs = Math.max(0, now - at);
  return { stale: ageMs > staleAfterMs, ageMs };
}

/** Coarse on purpose: a badge says "7 h", not "7 h 12 min 3 s". */
export function formatAge(ms: number, localize: Localize): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return localize('duration.minutes', { n: Math.max(1, minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return localize('duration.hours', { n: hours });
  return localize('duration.days', { n: Math.floor(hours / 24) });
}

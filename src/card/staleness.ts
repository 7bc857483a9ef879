import type { Localize } from './localize.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `stale_after` accepts what HA users already write elsewhere: `90m`, `6h`,
 * `2d` (also `30s`) or HA's `HH:MM:SS`. Returns milliseconds, or null when the
 * text is not a positive duration.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  const unit = /^(\d+)\s*([smhd])$/i.exec(trimmed);
  let ms: number | null = null;
  if (unit) {
    ms = Number(unit[1]) * UNIT_MS[unit[2]!.toLowerCase() as keyof typeof UNIT_MS];
  } else {
    const clock = /^(\d{1,4}):([0-5]\d):([0-5]\d)$/.exec(trimmed);
    if (clock) ms = (Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3])) * 1000;
  }
  return ms !== null && ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}

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

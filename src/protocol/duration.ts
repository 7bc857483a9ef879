const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/**
 * The one duration grammar of the card's `stale_after` and the companion's
 * `POLL_INTERVAL`: whole seconds (`3600`, as HA's own `cv.time_period`
 * takes them), units in the order d, h, m, s (`45s`, `90m`, `6h`, `2d`,
 * `1h30m`, case-insensitive), or HA's `HH:MM:SS`. Milliseconds, or null when
 * the text is not a positive duration.
 */
export function parseDuration(text: string): number | null {
  const v = text.trim().toLowerCase();
  let ms: number | null = null;
  const units = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  const clock = /^(\d{1,4}):([0-5]\d):([0-5]\d)$/.exec(v);
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else if (units && v) ms = units.slice(1).reduce((sum, n, i) => sum + Number(n ?? 0) * Object.values(UNIT_MS)[i], 0);
  else if (clock) ms = (Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3])) * 1000;
  return ms !== null && ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}

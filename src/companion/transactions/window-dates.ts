/**
 * Calendar days in HA's time zone, which decides what "this month" and "last
 * month" are for the month sensors, and so how far back the window reaches.
 */
import { RECENT_DAYS } from '../../protocol/index.js';

/** Where HA's time zone is not known yet. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** YYYY-MM-DD of `now` in `timeZone`; an unknown zone counts as UTC rather than stopping the sync. */
export function localDay(now: number, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: DEFAULT_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(now)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day `days` days before `day` (both YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The oldest day the window keeps: the first day of last month (the month
 * sensors compare with last month), and at least RECENT_DAYS back (the recent list).
 */
export function windowStart(now: number, timeZone: string): string {
  const today = localDay(now, timeZone);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const lastMonth = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
  const recent = daysBefore(today, RECENT_DAYS);
  return recent < lastMonth ? recent : lastMonth;
}

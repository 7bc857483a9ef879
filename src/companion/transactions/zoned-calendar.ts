/**
 * Calendar days and months in HA's time zone (an IANA name), through
 * Intl.DateTimeFormat: Node carries the tz database, so daylight saving
 * time and zones far from UTC come out as HA itself computes them.
 */

/** A calendar day: YYYY-MM-DD. */
export type CalendarDay = string;

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function partsAt(instant: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at that instant, in minutes (New York in winter: -300). */
function offsetMinutes(instant: number, timeZone: string): number {
  const p = partsAt(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayOf(p: Pick<ZonedParts, 'year' | 'month' | 'day'>): CalendarDay {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The calendar day it is in the zone at that instant. */
export function zonedDay(instant: number, timeZone: string): CalendarDay {
  return dayOf(partsAt(instant, timeZone));
}

/** `YYYY-MM` of a day. */
export function monthOfDay(day: CalendarDay): string {
  return day.slice(0, 7);
}

/** The day `days` calendar days after (or, negative, before) `day`. */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return dayOf({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** `YYYY-MM` of the month `months` after (or before) `month`. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}`;
}

/**
 * The first instant of a day in the zone: its midnight, or where a clock
 * change skips midnight (Santiago, Beirut), the first time that exists.
 */
export function startOfDay(day: CalendarDay, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two guesses: with the offset at the wall time read as UTC, and with the offset found there.
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const second = wall - offsetMinutes(first, timeZone) * 60_000;
  const candidates = [first, second].filter((t) => zonedDay(t, timeZone) === day).sort((a, b) => a - b);
  const found = candidates[0];
  if (found !== undefined) return found;
  // Midnight does not exist that day: the clock jumped from 23:59:59 the day before.
  return Math.max(first, second);
}

/** An instant as ISO 8601 with the zone's offset at that instant: `2026-12-01T00:00:00-05:00`. */
export function zonedIso(instant: number, timeZone: string): string {
  const p = partsAt(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${dayOf(p)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The instant the month after the one of `instant` begins in the zone: when the month sensors reset. */
export function nextMonthStart(instant: number, timeZone: string): number {
  const month = monthOfDay(zonedDay(instant, timeZone));
  return startOfDay(`${addMonths(month, 1)}-01`, timeZone);
}

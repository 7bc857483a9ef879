/**
 * HA's `dt_util.parse_datetime` (`util/dt.py`: ciso8601 first, then its
 * DATETIME_RE) and what HA does with the result: Python's `isoformat()` for a
 * sensor's `last_reset` attribute, and `as_utc`, which reads a time without
 * an offset in the configured time zone (`DEFAULT_TIME_ZONE`).
 */

export interface PyDatetime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Minutes east of UTC; null for a naive datetime. */
  offsetMinutes: number | null;
}

const DATETIME_RE = new RegExp(
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})` +
    String.raw`(?::(\d{1,2})(?:\.(\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$`,
);
/** ciso8601 also takes a date alone (midnight, naive). */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(y: number, m: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (m < 1 || m > 12 || h > 23 || mi > 59 || s > 59) return false;
  return d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `dt_util.parse_datetime(text)`: null where HA gets None (or a ValueError it turns into None). */
export function parsePyDatetime(text: string): PyDatetime | null {
  const date = DATE_RE.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(y, m, d)) return null;
    return { year: y, month: m, day: d, hour: 0, minute: 0, second: 0, microsecond: 0, offsetMinutes: null };
  }
  const match = DATETIME_RE.exec(text);
  if (!match) return null;
  const [y, m, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const s = match[6] === undefined ? 0 : Number(match[6]);
  if (!validDate(y!, m!, d!, h!, mi!, s)) return null;
  const tz = match[8];
  let offsetMinutes: number | null = null;
  if (tz === 'Z') offsetMinutes = 0;
  else if (tz !== undefined) {
    const minutes = Number(tz.slice(1, 3)) * 60 + (tz.length > 3 ? Number(tz.slice(-2)) : 0);
    offsetMinutes = tz.startsWith('-') ? -minutes : minutes;
  }
  return {
    year: y!,
    month: m!,
    day: d!,
    hour: h!,
    minute: mi!,
    second: s,
    microsecond: match[7] === undefined ? 0 : Number(match[7].padEnd(6, '0')),
    offsetMinutes,
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** Python's `datetime.isoformat()`: microseconds only when not zero, the offset only when aware. */
export function pyIsoformat(dt: PyDatetime): string {
  const base =
    `${pad(dt.year, 4)}-${pad(dt.month)}-${pad(dt.day)}T${pad(dt.hour)}:${pad(dt.minute)}:${pad(dt.second)}` +
    (dt.microsecond ? `.${pad(dt.microsecond, 6)}` : '');
  if (dt.offsetMinutes === null) return base;
  const sign = dt.offsetMinutes < 0 ? '-' : '+';
  return `${base}${sign}${pad(Math.floor(Math.abs(dt.offsetMinutes) / 60))}:${pad(Math.abs(dt.offsetMinutes) % 60)}`;
}

/** Minutes east of UTC that `timeZone` has at the instant `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `dt_util.as_utc(dt)` as microseconds since the epoch; a naive time is local to `timeZone`. */
export function utcMicros(dt: PyDatetime, timeZone: string): number {
  const wall = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second);
  let offset = dt.offsetMinutes;
  if (offset === null) {
    // zoneinfo's fold=0 for the wall time: the offset in force just before it, checked once more after a DST jump.
    offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall, timeZone) * 60_000, timeZone);
  }
  return (wall - offset * 60_000) * 1000 + dt.microsecond;
}

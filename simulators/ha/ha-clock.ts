/**
 * HA keeps datetimes with microsecond precision and serialises them with
 * Python's `isoformat()`; times here are integer microseconds since the epoch
 * so they survive as exact numbers (well below 2^53).
 */
let lastMicros = 0;

/** Strictly increasing, so two writes in the same millisecond still order like HA's. */
export function nowMicros(): number {
  let micros = Date.now() * 1000;
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  return micros;
}

/** Python's `datetime.isoformat()` for a UTC time: `+00:00`, fraction dropped when zero. */
export function isoFromMicros(micros: number): string {
  const base = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19);
  const fraction = micros % 1_000_000;
  return fraction === 0 ? `${base}+00:00` : `${base}.${String(fraction).padStart(6, '0')}+00:00`;
}

/** Python's `datetime.timestamp()`: float seconds, as in the compressed `lc`/`lu` fields. */
export function secondsFromMicros(micros: number): number {
  return micros / 1_000_000;
}

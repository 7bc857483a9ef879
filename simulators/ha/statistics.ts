/**
 * The recorder's long-term statistics, as HA core builds and serves them:
 * `components/sensor/recorder.py` (`compile_statistics`: which sensors, and
 * state/sum for `total`, time-weighted mean/min/max for `measurement`),
 * `components/recorder/statistics.py` (`statistics_during_period`,
 * `_reduce_statistics` for day/week/month, metadata) and
 * `components/recorder/websocket_api.py` (schemas, ms timestamps, `types`).
 * HA compiles each hour shortly after it ends; here an hour is compiled when
 * it is first asked for, which gives the same rows. Tests import months of
 * states at past times (`importStates`) instead of waiting for them. A
 * `total` sensor's `last_reset` starts a new cycle of its sum, kept per row.
 * Over 300 lines because compiling, querying and the three commands share one
 * row model; the local-calendar helpers at the bottom are the part to split off.
 */
import { Invalid } from './ha-errors.js';
import { parsePyDatetime, utcMicros } from './ha-datetime.js';
import type { StatisticsTables } from './recorder-database.js';
import { EVENT_STATE_CHANGED } from './event-bus.js';
import { onEntityIdChanged } from './recorder-renames.js';
import type { Hass } from './ha-core.js';
import { dict, str, type Json, type JsonObject, type Validator } from './schema.js';
import type { Command } from './websocket-connection.js';

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;
const STAT_TYPES = ['change', 'last_reset', 'max', 'mean', 'min', 'state', 'sum'] as const;
type StatType = (typeof STAT_TYPES)[number];
const PERIODS = ['5minute', 'hour', 'day', 'week', 'month'] as const;
type Period = (typeof PERIODS)[number];

export interface RecordedState {
  /** ms since the epoch. */
  at: number;
  state: string;
  attributes: JsonObject;
}

export interface StatisticsRow {
  start: number;
  end: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  last_reset: number | null;
  state: number | null;
  sum: number | null;
  /** `last_reset` in µs, as HA compares it (its UTC isoformat). */
  lastResetMicros?: number | null;
}

export interface StatisticsMetadata {
  statistic_id: string;
  display_unit_of_measurement: string | null;
  has_mean: boolean;
  has_sum: boolean;
  name: string | null;
  source: 'recorder';
  statistics_unit_of_measurement: string | null;
  unit_class: string | null;
}

const SUM_CLASSES = new Set(['total', 'total_increasing']);

function floatState(s: RecordedState): number | null {
  // HA's `_parse_float`: float() of the state, and NaN/inf are dropped.
  const n = s.state.trim() === '' ? NaN : Number(s.state);
  return Number.isFinite(n) ? n : null;
}

/** `_last_reset_as_utc_isoformat`: a text HA parses, in µs; anything else (HA logs it) none. */
function lastResetMicros(value: Json | undefined, timeZone: string): number | null {
  if (typeof value !== 'string') return null;
  const parsed = parsePyDatetime(value);
  return parsed ? utcMicros(parsed, timeZone) : null;
}

export class SimStatistics implements StatisticsTables {
  private readonly history = new Map<string, RecordedState[]>();
  private readonly hourly = new Map<string, StatisticsRow[]>();
  private readonly metadata = new Map<string, StatisticsMetadata>();
  /** Per entity: the end of the last compiled hour. */
  private readonly compiledUntil = new Map<string, number>();

  constructor(
    private readonly hass: Hass,
    private readonly now: () => number = Date.now,
  ) {
    hass.bus.listen(EVENT_STATE_CHANGED, (_event, change) => {
      const s = change?.newState;
      if (s)
        this.record(s.entityId, { at: Math.floor(s.lastUpdated / 1000), state: s.state, attributes: s.attributes });
    });
    onEntityIdChanged(hass.bus, (oldId, newId) => this.rename(oldId, newId));
  }

  /**
   * `update_statistics_metadata(old, new_statistic_id=new)`: the sensor's
   * statistics, and the states they are compiled from, go to its new id.
   * Where the new id has statistics already, HA's unique constraint on
   * `statistics_meta.statistic_id` refuses the rename and the rows stay.
   */
  private rename(oldId: string, newId: string): void {
    if (this.metadata.has(newId)) return;
    const states = this.history.get(oldId);
    if (states)
      this.history.set(
        newId,
        [...states, ...(this.history.get(newId) ?? [])].sort((a, b) => a.at - b.at),
      );
    this.history.delete(oldId);
    for (const byId of [this.hourly, this.compiledUntil] as Map<string, unknown>[]) {
      if (byId.has(oldId)) byId.set(newId, byId.get(oldId));
      byId.delete(oldId);
    }
    const meta = this.metadata.get(oldId);
    if (meta) this.metadata.set(newId, { ...meta, statistic_id: newId });
    this.metadata.delete(oldId);
  }

  /** States written as HA would have recorded them at those (past) times, in any order. */
  importStates(entityId: string, states: readonly RecordedState[]): void {
    for (const s of states) this.record(entityId, s);
    this.history.get(entityId)?.sort((a, b) => a.at - b.at);
    // History before what was compiled changes those hours: compile them again.
    this.hourly.delete(entityId);
    this.compiledUntil.delete(entityId);
  }

  private record(entityId: string, s: RecordedState): void {
    const list = this.history.get(entityId);
    if (list) list.push(s);
    else this.history.set(entityId, [s]);
  }

  /** Compiles every hour that has ended by `untilMs` for every sensor with a `state_class`. */
  compile(untilMs: number = this.now()): void {
    const end = Math.floor(untilMs / HOUR_MS) * HOUR_MS;
    for (const [entityId, states] of this.history) {
      const latest = states[states.length - 1]!;
      const stateClass = latest.attributes['state_class'];
      if (!entityId.startsWith('sensor.') || typeof stateClass !== 'string') continue;
      if (!['measurement', 'total', 'total_increasing'].includes(stateClass)) continue;
      const unit =
        typeof latest.attributes['unit_of_measurement'] === 'string'
          ? (latest.attributes['unit_of_measurement'] as string)
          : null;
      const hasSum = SUM_CLASSES.has(stateClass);
      const rows = this.hourly.get(entityId) ?? [];
      this.hourly.set(entityId, rows);
      let h = this.compiledUntil.get(entityId) ?? Math.floor(states[0]!.at / HOUR_MS) * HOUR_MS;
      for (; h + HOUR_MS <= end; h += HOUR_MS) {
        const row = hasSum ? this.sumRow(states, h, rows[rows.length - 1], stateClass) : this.meanRow(states, h);
        if (row) rows.push(row);
      }
      this.compiledUntil.set(entityId, Math.max(h, this.compiledUntil.get(entityId) ?? -Infinity));
      // HA writes the metadata with the first statistics it compiles (`_update_or_add_metadata`): a
      // sensor recorded for less than a period has none, and more-info then draws its history instead.
      if (!rows.length) continue;
      this.metadata.set(entityId, {
        statistic_id: entityId,
        display_unit_of_measurement: unit,
        has_mean: !hasSum,
        has_sum: hasSum,
        name: null,
        source: 'recorder',
        statistics_unit_of_measurement: unit,
        unit_class: null,
      });
    }
  }

  /** The state in force at the hour's start, then those written during it (`include_start_time_state`). */
  private inHour(states: readonly RecordedState[], h: number): RecordedState[] {
    let i = 0;
    while (i < states.length && states[i]!.at < h) i++;
    const out = i > 0 ? [{ ...states[i - 1]!, at: h }] : [];
    for (; i < states.length && states[i]!.at < h + HOUR_MS; i++) out.push(states[i]!);
    return out;
  }

  private meanRow(states: readonly RecordedState[], h: number): StatisticsRow | null {
    const valid = this.inHour(states, h).flatMap((s) => {
      const v = floatState(s);
      return v === null ? [] : [{ at: s.at, v }];
    });
    if (!valid.length) return null;
    // `_time_weighted_average`: each value weighted by how long it held within the hour.
    let acc = 0;
    valid.forEach((p, i) => (acc += p.v * ((valid[i + 1]?.at ?? h + HOUR_MS) - Math.max(p.at, h))));
    const values = valid.map((p) => p.v);
    return {
      start: h,
      end: h + HOUR_MS,
      mean: acc / (h + HOUR_MS - Math.max(valid[0]!.at, h)),
      min: Math.min(...values),
      max: Math.max(...values),
      last_reset: null,
      state: null,
      sum: null,
    };
  }

  /**
   * `compile_statistics` for a sum, line by line: the sum carries on from the
   * last row; the first state ever seen is the zero point; for `total` a
   * `last_reset` other than the last one starts a new cycle (the old cycle's
   * growth is added and the new one counts from 0, so its first state is
   * growth); `total_increasing` ignores `last_reset`, treats a drop below 90 %
   * as a meter reset and skips negative states.
   */
  private sumRow(
    states: readonly RecordedState[],
    h: number,
    last: StatisticsRow | undefined,
    stateClass: string,
  ): StatisticsRow | null {
    const tz = this.timeZone();
    let sum = last?.sum ?? 0;
    let lastReset: number | null = last?.lastResetMicros ?? null;
    let oldLastReset = lastReset;
    let oldState: number | null = last?.state ?? null;
    let newState: number | null = oldState;
    for (const s of this.inHour(states, h)) {
      const v = floatState(s);
      if (v === null) continue;
      let reset = false;
      if (
        stateClass !== 'total_increasing' &&
        (lastReset = lastResetMicros(s.attributes['last_reset'], tz)) !== oldLastReset &&
        lastReset !== null
      )
        reset = true;
      else if (oldState === null && lastReset === null) reset = true;
      else if (stateClass === 'total_increasing') {
        // `reset_detected` raises for a negative state, and the state is skipped.
        if (oldState !== null && newState !== null && v < 0) continue;
        if (oldState === null || (newState !== null && v < 0.9 * newState)) reset = true;
      }
      if (reset) {
        if (oldState !== null && newState !== null) sum += newState - oldState;
        newState = v;
        oldLastReset = lastReset;
        oldState = oldState !== null ? 0 : newState;
      } else newState = v;
    }
    if (newState === null || oldState === null) return null;
    sum += newState - oldState;
    return {
      start: h,
      end: h + HOUR_MS,
      mean: null,
      min: null,
      max: null,
      last_reset: lastReset === null ? null : Math.floor(lastReset / 1000),
      lastResetMicros: lastReset,
      state: newState,
      sum,
    };
  }

  /**
   * Rows of the `statistics` and `statistics_short_term` tables, for the
   * recorder's size. The 5-minute rows are counted, not compiled: one per
   * sensor per 5 minutes from its first compiled hour's start, each setting as
   * many values as that sensor's hourly rows do.
   */
  statisticsTables(): ReturnType<StatisticsTables['statisticsTables']> {
    this.compile();
    const now = this.now();
    const tally = { statistics: { rows: 0, values: 0 }, statistics_short_term: { rows: 0, values: 0 } };
    const valuesOf = (r: StatisticsRow) =>
      [r.mean, r.min, r.max, r.last_reset, r.state, r.sum].filter((v) => v !== null).length;
    for (const rows of this.hourly.values()) {
      if (!rows.length) continue;
      tally.statistics.rows += rows.length;
      tally.statistics.values += rows.reduce((n, r) => n + valuesOf(r), 0);
      const shortRows = Math.floor(now / FIVE_MINUTES_MS) - Math.floor(rows[0]!.start / FIVE_MINUTES_MS);
      tally.statistics_short_term.rows += shortRows;
      tally.statistics_short_term.values += shortRows * valuesOf(rows[rows.length - 1]!);
    }
    return { ...tally, statistic_ids: [...this.metadata.keys()] };
  }

  /** `statistics_during_period`, before the websocket layer turns times into ms (they already are here). */
  during(
    startMs: number,
    endMs: number | null,
    ids: readonly string[],
    period: Period,
    types: ReadonlySet<StatType>,
  ): Record<string, JsonObject[]> {
    this.compile();
    const out: Record<string, JsonObject[]> = {};
    for (const id of ids) {
      const all = this.hourly.get(id) ?? [];
      const hourly = all.filter((r) => r.start >= startMs && (endMs === null || r.start < endMs));
      if (!hourly.length) continue;
      const before = all.filter((r) => r.start < (hourly[0]?.start ?? 0)).at(-1);
      const rows = period === 'hour' || period === '5minute' ? hourly : reduce(hourly, period, this.timeZone());
      let prevSum = before?.sum ?? 0;
      out[id] = rows.map((r) => {
        const row: JsonObject = { start: r.start, end: r.end };
        for (const t of STAT_TYPES) {
          if (!types.has(t)) continue;
          if (t === 'change') row.change = r.sum === null ? null : r.sum - prevSum;
          else row[t] = r[t];
        }
        if (r.sum !== null) prevSum = r.sum;
        return row;
      });
    }
    return out;
  }

  metadataFor(ids: readonly string[] | null): StatisticsMetadata[] {
    this.compile();
    return [...this.metadata.values()].filter((m) => !ids || ids.includes(m.statistic_id));
  }

  private timeZone(): string {
    return String(this.hass.configDict().time_zone);
  }

  /** Registers HA's recorder commands on a simulator: `registerCommand` of server.ts. */
  commands(): Record<string, Command> {
    const types: Validator = (v) => {
      if (!Array.isArray(v) || !v.every((t) => (STAT_TYPES as readonly Json[]).includes(t)))
        throw new Invalid('not a valid value');
      return v;
    };
    const ids: Validator = (v) => {
      if (!Array.isArray(v) || !v.every((i) => typeof i === 'string')) throw new Invalid('expected a list');
      if (!v.length) throw new Invalid('length of value must be at least 1');
      return v;
    };
    const period: Validator = (v) => {
      if (!(PERIODS as readonly Json[]).includes(v)) throw new Invalid('not a valid value');
      return v;
    };
    return {
      'recorder/statistics_during_period': {
        schema: {
          start_time: { required: true, validate: str },
          end_time: { validate: str },
          statistic_ids: { required: true, validate: ids },
          period: { required: true, validate: period },
          // UNIT_SCHEMA converts convertible units; a currency has no converter, so units never change here.
          units: { validate: dict },
          types: { validate: types },
        },
        handler: (conn, msg) => {
          const start = parseDatetime(msg['start_time'] as string);
          if (start === null) return conn.sendError(msg.id, 'invalid_start_time', 'Invalid start_time');
          const endText = msg['end_time'] as string | undefined;
          const end = endText ? parseDatetime(endText) : null;
          if (endText && end === null) return conn.sendError(msg.id, 'invalid_end_time', 'Invalid end_time');
          const wanted = new Set((msg['types'] as StatType[] | undefined) ?? STAT_TYPES);
          conn.sendResult(
            msg.id,
            this.during(start, end, msg['statistic_ids'] as string[], msg['period'] as Period, wanted),
          );
        },
      },
      'recorder/get_statistics_metadata': {
        schema: {
          statistic_ids: { validate: (v) => (Array.isArray(v) && v.every((i) => typeof i === 'string') ? v : ids(v)) },
        },
        handler: (conn, msg) =>
          conn.sendResult(
            msg.id,
            this.metadataFor((msg['statistic_ids'] as string[] | undefined) ?? null) as unknown as Json,
          ),
      },
      'recorder/list_statistic_ids': {
        schema: {
          statistic_type: {
            validate: (v) => {
              if (v !== 'sum' && v !== 'mean') throw new Invalid('not a valid value');
              return v;
            },
          },
        },
        handler: (conn, msg) => {
          const type = msg['statistic_type'];
          const list = this.metadataFor(null).filter((m) =>
            type === 'sum' ? m.has_sum : type === 'mean' ? m.has_mean : true,
          );
          conn.sendResult(msg.id, list as unknown as Json);
        },
      },
    };
  }
}

/** `dt_util.parse_datetime`: ISO 8601; a time without offset is UTC after `as_utc`. */
function parseDatetime(text: string): number | null {
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(text)) return null;
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) || text.length === 10 ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** One formatter per time zone: building one costs far more than using it, and `reduce` needs thousands of parts. */
const localFormats = new Map<string, Intl.DateTimeFormat>();

/** Local calendar parts of an instant in a time zone. */
function localParts(
  ms: number,
  timeZone: string,
): { y: number; m: number; d: number; weekday: number; offsetMs: number } {
  let f = localFormats.get(timeZone);
  if (!f) {
    f = localFormat(timeZone);
    localFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return {
    y: +p.year!,
    m: +p.month!,
    d: +p.day!,
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!),
    offsetMs: asUtc - Math.floor(ms / 1000) * 1000,
  };
}

function localFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  });
}

/** The instant of local midnight on y-m-d in a time zone. */
function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  return guess - localParts(guess - localParts(guess, timeZone).offsetMs, timeZone).offsetMs;
}

/**
 * Bucket starts and ends already worked out, by period, zone and instant: the rows of
 * every statistic share their hours, and a dashboard asks for 50 sensors' month at once.
 */
const bucketStarts = new Map<string, number>();

function bucketStart(ms: number, period: 'day' | 'week' | 'month', tz: string): number {
  const key = `${period} ${tz} ${ms}`;
  let start = bucketStarts.get(key);
  if (start === undefined) {
    if (bucketStarts.size > 100_000) bucketStarts.clear();
    start = localBucketStart(ms, period, tz);
    bucketStarts.set(key, start);
  }
  return start;
}

function localBucketStart(ms: number, period: 'day' | 'week' | 'month', tz: string): number {
  const p = localParts(ms, tz);
  if (period === 'month') return localMidnight(p.y, p.m, 1, tz);
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d - (period === 'week' ? p.weekday : 0)));
  return localMidnight(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), tz);
}

function bucketEnd(start: number, period: 'day' | 'week' | 'month', tz: string): number {
  const key = `end ${period} ${tz} ${start}`;
  let end = bucketStarts.get(key);
  if (end === undefined) {
    end = localBucketEnd(start, period, tz);
    bucketStarts.set(key, end);
  }
  return end;
}

function localBucketEnd(start: number, period: 'day' | 'week' | 'month', tz: string): number {
  const p = localParts(start + 12 * HOUR_MS, tz);
  const next = new Date(
    Date.UTC(p.y, p.m - 1 + (period === 'month' ? 1 : 0), p.d + (period === 'day' ? 1 : period === 'week' ? 7 : 0)),
  );
  return localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), tz);
}

/**
 * `_reduce_statistics`: per local day/week (Monday)/month, mean of means, min of mins, max of maxes, the last state and
 * sum.
 */
function reduce(rows: readonly StatisticsRow[], period: 'day' | 'week' | 'month', tz: string): StatisticsRow[] {
  const out: StatisticsRow[] = [];
  let group: StatisticsRow[] = [];
  const flush = () => {
    if (!group.length) return;
    const start = bucketStart(group[0]!.start, period, tz);
    const means = group.map((r) => r.mean).filter((v): v is number => v !== null);
    const mins = group.map((r) => r.min).filter((v): v is number => v !== null);
    const maxes = group.map((r) => r.max).filter((v): v is number => v !== null);
    const lastRow = group[group.length - 1]!;
    out.push({
      start,
      end: bucketEnd(start, period, tz),
      mean: means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
      min: mins.length ? Math.min(...mins) : null,
      max: maxes.length ? Math.max(...maxes) : null,
      last_reset: lastRow.last_reset,
      state: lastRow.state,
      sum: lastRow.sum,
    });
    group = [];
  };
  let groupBucket = NaN;
  for (const r of rows) {
    const bucket = bucketStart(r.start, period, tz);
    if (group.length && bucket !== groupBucket) flush();
    if (!group.length) groupBucket = bucket;
    group.push(r);
  }
  flush();
  return out;
}

/** Adds the recorder to a running simulator; returns it for `importStates`. */
export function attachStatistics(
  sim: { hass: Hass; registerCommand: (type: string, command: Command) => void },
  now?: () => number,
): SimStatistics {
  const stats = new SimStatistics(sim.hass, now);
  sim.hass.database.useStatistics(stats);
  for (const [type, command] of Object.entries(stats.commands())) sim.registerCommand(type, command);
  return stats;
}

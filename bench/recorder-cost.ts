/**
 * What HA's recorder keeps for the companion (issue #35, part 5), from two
 * readings of the HA simulator's `recorder.size()` around what the bench
 * drove, and "a year of a typical household" worked out from those measured
 * costs and the assumptions below (docs/performance.md says why these).
 */
import { ROW_BYTES, type RecorderSize, type TableSize } from '../simulators/ha/recorder-database.js';

export type RecorderTable = Exclude<keyof RecorderSize, 'total'>;

export const RECORDED_TABLES: readonly RecorderTable[] = [
  'states',
  'state_attributes',
  'states_meta',
  'events',
  'event_data',
  'event_types',
];

/** What every table gained between two readings. */
export function grewBy(before: RecorderSize, after: RecorderSize): RecorderSize {
  const tables = Object.keys(after) as Array<keyof RecorderSize>;
  return Object.fromEntries(
    tables.map((t) => [t, { rows: after[t].rows - before[t].rows, bytes: after[t].bytes - before[t].bytes }]),
  ) as unknown as RecorderSize;
}

/** A span's growth less its control span's (the same span of time with nothing driven). */
export function lessControl(span: RecorderSize, control: RecorderSize): RecorderSize {
  return grewBy(control, span);
}

/** "states 3 (450 B), state_attributes 1 (2.1 kB)": the tables that grew, per `per` units of what was driven. */
export function describeGrowth(growth: RecorderSize, per: number): string {
  const parts = RECORDED_TABLES.map((t) => [t, growth[t]] as const)
    .filter(([, g]) => g.rows !== 0)
    .map(([t, g]) => `${t} ${fmtCount(g.rows / per)} (${fmtBytes(g.bytes / per)})`);
  return parts.length ? parts.join(', ') : 'nothing';
}

const fmtCount = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function fmtBytes(n: number): string {
  if (n < 0) return `−${fmtBytes(-n)}`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n.toFixed(0)} B`;
}

export interface Household {
  banks: number;
  transactionsPerDay: number;
  pollsPerDay: number;
  /** HA's recorder default: states and events older than this are purged; long-term statistics are kept. */
  purgeKeepDays: number;
  /** Sensors with a state_class (long-term statistics, one row an hour each, kept for good). */
  statisticSensors: number;
}

export interface HouseholdYear {
  perDay: TableSize;
  /** States, attributes and events HA holds at any time once the purge runs (purgeKeepDays of them). */
  keptByPurge: TableSize;
  /** Hourly statistics written in a year, never purged. */
  statisticsYear: TableSize;
}

/** Hourly statistics of a measurement sensor set mean, min and max. */
const STATISTICS_ROW_BYTES = ROW_BYTES.statistics + 3 * ROW_BYTES.statisticsValue;

export function householdYear(idlePoll: TableSize, perTransaction: TableSize, h: Household): HouseholdYear {
  const perDay = {
    rows: h.banks * h.pollsPerDay * idlePoll.rows + h.transactionsPerDay * perTransaction.rows,
    bytes: h.banks * h.pollsPerDay * idlePoll.bytes + h.transactionsPerDay * perTransaction.bytes,
  };
  const statisticsRows = h.statisticSensors * 24 * 365;
  return {
    perDay,
    keptByPurge: { rows: perDay.rows * h.purgeKeepDays, bytes: perDay.bytes * h.purgeKeepDays },
    statisticsYear: { rows: statisticsRows, bytes: statisticsRows * STATISTICS_ROW_BYTES },
  };
}

/**
 * What HA's recorder would have written to its database since the simulator
 * started (restarts included, as the database file survives them), counted
 * as rows and bytes per table, so tests and the bench can measure what a
 * client costs a user's database. From HA core's
 * `components/recorder/core.py` (`_process_state_changed_event_into_session`,
 * `_process_non_state_changed_event_into_session`) and `db_schema.py`:
 *
 * - every `state_changed` is a `states` row (a removal too, with a null
 *   state); `state_changed` is not an `events` row (HA stopped recording it as
 *   an event in 2023); `state_reported` only moves a column of the last row;
 * - `state_attributes` holds each distinct `shared_attrs` text once (HA finds
 *   a row by its fnv1a hash and content before adding one), `states_meta` each
 *   entity id once;
 * - every other event is an `events` row; `event_data` holds each distinct
 *   non-empty `shared_data` once, `event_types` each type once;
 * - statistics rows come from `statistics.ts` when it is attached.
 *
 * Bytes: the JSON texts exactly as `recorder-attributes.ts` writes them, plus
 * a fixed estimate per row for the other columns and the table's indexes,
 * worked out from SQLite's record format (HA's default database): a cell has
 * ~7 bytes of overhead (payload and rowid varints, cell pointer), the record
 * header one byte per column, NULL legacy columns cost nothing, a timestamp
 * (`DOUBLE`) 8 bytes, a context id (`context_id_bin`) 16, an id 1–3, and
 * each index entry its key, the rowid and ~6 bytes. No purge: HA's
 * `auto_purge` drops states, events and short-term statistics after 10 days
 * (`purge_keep_days`); the counts here keep growing, so a difference between
 * two readings is what the operations between them cost.
 */
import { EVENT_STATE_CHANGED, MATCH_ALL, type EventBus } from './event-bus.js';
import { sharedAttrs, sharedData, MAX_STATE_ATTRS_BYTES } from './recorder-attributes.js';

/**
 * Per-row estimates (bytes) for the fixed columns and the indexes:
 * `states`: header 21 (20 columns), `last_updated_ts` 8, `old_state_id` and
 * `attributes_id` 3 each, `context_id_bin` 16, `metadata_id` 2, cell 9; indexes
 * `metadata_id+last_updated_ts` 20, `context_id_bin` 25, `last_updated_ts` 17,
 * `old_state_id` 12, `attributes_id` 12 — 148, plus the state text, 8 when
 * `last_changed_ts` is set (an attribute-only change) and 16 for a user's context.
 * `events`: header 16 (15 columns), `time_fired_ts` 8, `data_id` 3,
 * `context_id_bin` 16, `event_type_id` 1, cell 9; indexes
 * `event_type_id+time_fired_ts` 19, `context_id_bin` 25, `time_fired_ts` 17,
 * `data_id` 12 — 126, plus 16 for a user's context.
 * `state_attributes`/`event_data`: header 4, `hash` 5, cell 9, `hash` index 13 —
 * 31, plus the JSON. `states_meta`/`event_types`: 19 plus the text twice (row
 * and unique index). `statistics`/`statistics_short_term`: header 14 (13
 * columns), `created_ts` and `start_ts` 8 each, `metadata_id` 1, cell 9,
 * indexes `metadata_id+start_ts` 19 and `start_ts` 17 — 76, plus 8 for each of
 * `mean`, `min`, `max`, `last_reset_ts`, `state`, `sum` that is set.
 */
export const ROW_BYTES = {
  states: 148,
  events: 126,
  contextUser: 16,
  timestamp: 8,
  shared: 31,
  named: 19,
  statistics: 76,
  statisticsValue: 8,
} as const;

export interface TableSize {
  rows: number;
  bytes: number;
}

export interface RecorderSize {
  states: TableSize;
  state_attributes: TableSize;
  states_meta: TableSize;
  events: TableSize;
  event_data: TableSize;
  event_types: TableSize;
  statistics: TableSize;
  statistics_short_term: TableSize;
  statistics_meta: TableSize;
  total: TableSize;
}

/** What `statistics.ts` reports of its tables: rows and how many value columns they set in all. */
export interface StatisticsTables {
  statisticsTables(): {
    statistics: { rows: number; values: number };
    statistics_short_term: { rows: number; values: number };
    statistic_ids: readonly string[];
  };
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

export class RecorderDatabase {
  /** What HA logs at warning level: attributes or event data stored as `{}` for their size. */
  readonly warnings: string[] = [];
  private states = { rows: 0, bytes: 0 };
  private events = { rows: 0, bytes: 0 };
  private readonly attributes = new Map<string, number>();
  private readonly eventData = new Map<string, number>();
  private readonly entityIds = new Set<string>();
  private readonly eventTypes = new Set<string>();
  private statistics: StatisticsTables | null = null;

  constructor(bus: EventBus) {
    bus.listen(MATCH_ALL, (event, change) => {
      if (event.event_type === EVENT_STATE_CHANGED) {
        const entityId = String(event.data['entity_id']);
        const next = change?.newState ?? null;
        const shared = sharedAttrs(next ? next.attributes : null, next?.unrecordedAttributes);
        if (shared.oversized)
          this.warnings.push(
            `State attributes for ${entityId} exceed maximum size of ${MAX_STATE_ATTRS_BYTES} bytes. This can ` +
              'cause database performance issues; Attributes will not be stored',
          );
        this.entityIds.add(entityId);
        this.attributes.set(shared.text, shared.bytes);
        this.states.rows++;
        this.states.bytes +=
          ROW_BYTES.states +
          (next ? utf8(next.state) : 0) +
          (next && next.lastChanged !== next.lastUpdated ? ROW_BYTES.timestamp : 0) +
          (event.context.user_id ? ROW_BYTES.contextUser : 0);
        return;
      }
      this.eventTypes.add(event.event_type);
      this.events.rows++;
      this.events.bytes += ROW_BYTES.events + (event.context.user_id ? ROW_BYTES.contextUser : 0);
      // An event without data gets no event_data row (`if not event.data`).
      if (Object.keys(event.data).length === 0) return;
      const shared = sharedData(event.data);
      if (shared.oversized)
        this.warnings.push(
          `Event data for ${event.event_type} exceed maximum size of 32768 bytes. This can cause database ` +
            'performance issues; Event data will not be stored',
        );
      this.eventData.set(shared.text, shared.bytes);
    });
  }

  /** The recorder's statistics (`attachStatistics`); without it the statistics tables stay empty. */
  useStatistics(source: StatisticsTables): void {
    this.statistics = source;
  }

  /** Rows and bytes per table, as HA's recorder would hold them now. */
  size(): RecorderSize {
    const sharedTable = (texts: Map<string, number>): TableSize => ({
      rows: texts.size,
      bytes: [...texts.values()].reduce((sum, bytes) => sum + ROW_BYTES.shared + bytes, 0),
    });
    const namedTable = (names: Set<string>): TableSize => ({
      rows: names.size,
      bytes: [...names].reduce((sum, name) => sum + ROW_BYTES.named + 2 * utf8(name), 0),
    });
    const stats = this.statistics?.statisticsTables();
    const statisticsTable = (t: { rows: number; values: number } | undefined): TableSize => ({
      rows: t?.rows ?? 0,
      bytes: (t?.rows ?? 0) * ROW_BYTES.statistics + (t?.values ?? 0) * ROW_BYTES.statisticsValue,
    });
    const tables = {
      states: { ...this.states },
      state_attributes: sharedTable(this.attributes),
      states_meta: namedTable(this.entityIds),
      events: { ...this.events },
      event_data: sharedTable(this.eventData),
      event_types: namedTable(this.eventTypes),
      statistics: statisticsTable(stats?.statistics),
      statistics_short_term: statisticsTable(stats?.statistics_short_term),
      statistics_meta: namedTable(new Set(stats?.statistic_ids ?? [])),
    };
    const total = Object.values(tables).reduce((t, x) => ({ rows: t.rows + x.rows, bytes: t.bytes + x.bytes }), {
      rows: 0,
      bytes: 0,
    });
    return { ...tables, total };
  }
}

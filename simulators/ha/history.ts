/**
 * `history/history_during_period` and `history/stream`
 * (`components/history/websocket_api.py`), read from the states the
 * simulator recorded since it started (HA's recorder keeps them across
 * restarts; so does the sim's record). Compressed rows as HA sends them:
 * `{s, a, lu}` plus `lc` when it differs from `lu`; with
 * `minimal_response` rows after the first carry only `s` and `lu`
 * (= last_changed); `no_attributes` drops `a`. The state in force at
 * `start_time` comes first, its time moved to `start_time`
 * (`include_start_time_state`). A stream whose end is in the future keeps
 * sending new states as they are written. Recorded rows carry the attributes
 * the recorder kept (`recorder-attributes.ts`: no unrecorded attributes such
 * as an event entity's `event_types`, `{}` over 16 KB); live rows are the
 * state machine's, all attributes, as HA streams them from its events.
 *
 * Simplified: every recorded write is a row (HA's `significant_changes_only`
 * also drops attribute-only changes for most domains).
 */
import { EVENT_STATE_CHANGED } from './event-bus.js';
import type { Hass } from './ha-core.js';
import { Invalid } from './ha-errors.js';
import { recordedAttributes } from './recorder-attributes.js';
import { bool, entityIds, str, type Json } from './schema.js';
import type { StateObject } from './state-machine.js';
import type { Command, CommandMessage, WsConnection } from './websocket-connection.js';

interface HistoryRow {
  s: string;
  a?: Record<string, Json>;
  lu: number;
  lc?: number;
}

/** Python's `datetime.timestamp()` of an ISO text, microseconds kept. */
function seconds(iso: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(iso);
  if (!match) return Date.parse(iso) / 1000;
  const whole = Date.parse(`${match[1]}${match[3] || 'Z'}`) / 1000;
  return whole + (match[2] ? Number(`0.${match[2]}`) : 0);
}

const isoTime = (v: Json): Json => {
  const text = str(v) as string;
  if (Number.isNaN(Date.parse(text))) throw new Invalid('Invalid datetime');
  return text;
};

const SCHEMA = {
  start_time: { required: true, validate: isoTime },
  end_time: { validate: isoTime },
  entity_ids: { required: true, validate: entityIds },
  include_start_time_state: { validate: bool },
  significant_changes_only: { validate: bool },
  minimal_response: { validate: bool },
  no_attributes: { validate: bool },
};

interface Query {
  start: number;
  end: number;
  entityIds: string[];
  includeStart: boolean;
  minimal: boolean;
  noAttributes: boolean;
}

function query(msg: CommandMessage): Query {
  return {
    start: seconds(msg['start_time'] as string),
    end: typeof msg['end_time'] === 'string' ? seconds(msg['end_time']) : Date.now() / 1000,
    entityIds: msg['entity_ids'] as string[],
    includeStart: msg['include_start_time_state'] !== false,
    minimal: msg['minimal_response'] === true,
    noAttributes: msg['no_attributes'] === true,
  };
}

/** Every state recorded for `entityId`, also those written under an id it had before a registry rename. */
function recordedStates(hass: Hass, entityId: string): StateObject[] {
  const out: StateObject[] = [];
  hass.recorder.entries.forEach((entry, i) => {
    if (
      entry.kind === 'state' &&
      entry.op === 'set' &&
      entry.state &&
      hass.recorderRenames.idNow(entry.entity_id, i) === entityId
    )
      out.push({ ...entry.state, attributes: recordedAttributes(entry.state.attributes, entry.unrecorded) });
  });
  return out;
}

function row(state: StateObject, q: Query, first: boolean, clampTo?: number): HistoryRow {
  const lu = clampTo ?? seconds(state.last_updated);
  const lc = clampTo ?? seconds(state.last_changed);
  if (q.minimal && !first) return { s: state.state, lu: lc };
  const out: HistoryRow = { s: state.state, lu };
  if (!q.noAttributes) out.a = state.attributes as Record<string, Json>;
  if (lc !== lu) out.lc = lc;
  return out;
}

function historyRows(hass: Hass, q: Query): Record<string, HistoryRow[]> {
  const result: Record<string, HistoryRow[]> = {};
  for (const entityId of q.entityIds) {
    const states = recordedStates(hass, entityId);
    const rows: HistoryRow[] = [];
    const before = states.filter((s) => seconds(s.last_updated) < q.start).at(-1);
    if (q.includeStart && before) rows.push(row(before, q, true, q.start));
    for (const s of states) {
      const t = seconds(s.last_updated);
      if (t >= q.start && t <= q.end) rows.push(row(s, q, rows.length === 0));
    }
    if (rows.length) result[entityId] = rows;
  }
  return result;
}

function streamHistory(conn: WsConnection, msg: CommandMessage): void {
  const q = query(msg);
  const now = Date.now() / 1000;
  conn.sendResult(msg.id);
  conn.sendEvent(msg.id, { states: historyRows(conn.hass, q), start_time: q.start, end_time: Math.min(q.end, now) });
  if (q.end <= now) return;
  const wanted = new Set(q.entityIds);
  const unsubscribe = conn.hass.bus.listen(EVENT_STATE_CHANGED, (event) => {
    const entityId = event.data['entity_id'];
    const newState = event.data['new_state'] as StateObject | null | undefined;
    if (typeof entityId !== 'string' || !wanted.has(entityId) || !newState) return;
    const t = seconds(newState.last_updated);
    conn.sendEvent(msg.id, { states: { [entityId]: [row(newState, q, !q.minimal)] }, start_time: t, end_time: t });
  });
  conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe });
}

export const historyCommands: Record<string, Command> = {
  'history/history_during_period': {
    schema: SCHEMA,
    handler: (conn, msg) => conn.sendResult(msg.id, historyRows(conn.hass, query(msg))),
  },
  'history/stream': {
    schema: SCHEMA,
    handler: streamHistory,
  },
};

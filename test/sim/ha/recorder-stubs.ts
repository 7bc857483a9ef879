/**
 * STAND-IN for the recorder's own commands (`components/recorder/websocket_api.py`):
 * a healthy recorder with no long-term statistics. Statistics belong to a
 * later issue; more-info asks for them and draws nothing from an empty answer,
 * which is what HA answers for a sensor without `state_class`.
 */
import { str, type Json } from './schema.js';
import type { Command } from './websocket-connection.js';

const anything = (v: Json): Json => v;

export const recorderStubCommands: Record<string, Command> = {
  'recorder/info': {
    schema: {},
    handler: (conn, msg) =>
      conn.sendResult(msg.id, {
        backlog: 0,
        max_backlog: 65000,
        migration_in_progress: false,
        migration_is_live: false,
        recording: true,
        thread_running: true,
      }),
  },
  'recorder/statistics_during_period': {
    schema: {
      start_time: { required: true, validate: str },
      end_time: { validate: str },
      statistic_ids: { validate: anything },
      period: { required: true, validate: str },
      units: { validate: anything },
      types: { validate: anything },
    },
    handler: (conn, msg) => conn.sendResult(msg.id, {}),
  },
  'recorder/get_statistics_metadata': {
    schema: { statistic_ids: { validate: anything } },
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },
  'recorder/list_statistic_ids': {
    schema: { statistic_type: { validate: anything } },
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },
};

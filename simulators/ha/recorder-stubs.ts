/**
 * `recorder/info` (`components/recorder/websocket_api.py`): a healthy
 * recorder. Its statistics commands live in statistics.ts (`attachStatistics`).
 */
import type { Command } from './websocket-connection.js';

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
};

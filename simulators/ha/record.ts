/**
 * Everything the simulator saw, in order, so tests can prove a secret never
 * reached Home Assistant: a recorder, backup or log would have kept it.
 */
import type { HaEvent } from './event-bus.js';
import type { Json } from './schema.js';
import type { StateObject } from './state-machine.js';

export type RecordEntry =
  | { at: number; kind: 'http-request'; method: string; path: string; body: string }
  | { at: number; kind: 'http-response'; method: string; path: string; status: number; body: string }
  | { at: number; kind: 'ws-in'; connection: number; text: string }
  | { at: number; kind: 'ws-out'; connection: number; text: string }
  | {
      at: number;
      kind: 'state';
      op: 'set' | 'reported' | 'remove';
      entity_id: string;
      state: StateObject | null;
      /** The attributes the entity keeps out of HA's recorder (`state_info`). */
      unrecorded?: readonly string[];
    }
  | { at: number; kind: 'event'; event: HaEvent }
  | { at: number; kind: 'service'; domain: string; service: string; data: Json; user_id: string | null }
  | { at: number; kind: 'lifecycle'; what: 'start' | 'restart' | 'drop-sockets' | 'close' }
  | { at: number; kind: 'login'; username: string; ok: boolean }
  /** A command HA might know but the simulator does not: journeys check these. */
  | { at: number; kind: 'unknown-command'; connection: number; type: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewRecordEntry = DistributiveOmit<RecordEntry, 'at'>;

export class Recorder {
  readonly entries: RecordEntry[] = [];

  add(entry: NewRecordEntry): void {
    this.entries.push({ at: Date.now(), ...entry } as RecordEntry);
  }

  /**
   * One line per entry. Raw wire text is kept as sent, not re-encoded, so a
   * substring search finds a value exactly as a client or server wrote it.
   */
  text(): string {
    return this.entries.map(entryText).join('\n');
  }
}

function entryText(entry: RecordEntry): string {
  switch (entry.kind) {
    case 'http-request':
      return `${entry.method} ${entry.path} ${entry.body}`;
    case 'http-response':
      return `${entry.status} ${entry.method} ${entry.path} ${entry.body}`;
    case 'ws-in':
    case 'ws-out':
      return entry.text;
    case 'state':
      return `${entry.op} ${entry.entity_id} ${JSON.stringify(entry.state)}`;
    case 'event':
      return JSON.stringify(entry.event);
    case 'service':
      return `${entry.domain}.${entry.service} ${JSON.stringify(entry.data)}`;
    case 'lifecycle':
      return entry.what;
    case 'login':
      return `login ${entry.username} ${entry.ok ? 'ok' : 'invalid_auth'}`;
    case 'unknown-command':
      return `unknown_command ${entry.type}`;
  }
}

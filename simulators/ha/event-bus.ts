/** HA's event bus: typed and match-all listeners, events serialised as `Event.as_dict()`. */
import { isoFromMicros, nowMicros } from './ha-clock.js';
import { ulid } from './ha-ids.js';
import type { Recorder } from './record.js';
import type { JsonObject } from './schema.js';
import type { StoredState } from './state-machine.js';

export interface Context {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

export interface HaEvent {
  event_type: string;
  data: JsonObject;
  origin: 'LOCAL' | 'REMOTE';
  time_fired: string;
  context: Context;
}

/** What a state write carried before serialisation; `subscribe_entities` diffs these. */
export interface StateChange {
  entityId: string;
  oldState: StoredState | null;
  newState: StoredState | null;
}

export type Listener = (event: HaEvent, stateChange?: StateChange) => void;

export const MATCH_ALL = '*';
export const EVENT_STATE_CHANGED = 'state_changed';
export const EVENT_STATE_REPORTED = 'state_reported';
export const EVENT_CALL_SERVICE = 'call_service';

/** HA keeps these from match-all listeners (`EVENTS_EXCLUDED_FROM_MATCH_ALL`). */
const EXCLUDED_FROM_MATCH_ALL = new Set([EVENT_STATE_REPORTED, 'homeassistant_close']);

export function newContext(userId: string | null = null, micros: number = nowMicros()): Context {
  return { id: ulid(micros / 1000), parent_id: null, user_id: userId };
}

export class EventBus {
  /** Every event fired since start (restarts included), for tests. */
  readonly fired: HaEvent[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly recorder: Recorder) {}

  listen(eventType: string, listener: Listener): () => void {
    let set = this.listeners.get(eventType);
    if (!set) this.listeners.set(eventType, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  listenerCounts(): Array<{ event: string; listener_count: number }> {
    return [...this.listeners]
      .filter(([, set]) => set.size > 0)
      .map(([event, set]) => ({ event, listener_count: set.size }));
  }

  fire(
    eventType: string,
    data: JsonObject | null | undefined,
    options: { origin?: 'LOCAL' | 'REMOTE'; context?: Context; micros?: number; stateChange?: StateChange } = {},
  ): HaEvent {
    const micros = options.micros ?? nowMicros();
    const event: HaEvent = {
      event_type: eventType,
      // Copied so a caller mutating its object later cannot rewrite history.
      data: data ? structuredClone(data) : {},
      origin: options.origin ?? 'LOCAL',
      time_fired: isoFromMicros(micros),
      context: options.context ?? newContext(null, micros),
    };
    this.fired.push(event);
    this.recorder.add({ kind: 'event', event });
    const targets = [...(this.listeners.get(eventType) ?? [])];
    if (!EXCLUDED_FROM_MATCH_ALL.has(eventType)) targets.push(...(this.listeners.get(MATCH_ALL) ?? []));
    for (const listener of targets) {
      try {
        listener(event, options.stateChange);
      } catch (err) {
        console.error(`[ha-sim] listener for ${eventType} failed`, err);
      }
    }
    return event;
  }
}

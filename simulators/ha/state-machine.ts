/**
 * HA's state machine (`homeassistant.core.StateMachine`), with the rules
 * clients depend on: `last_changed` moves only when the state string changes,
 * an identical write fires no `state_changed` (only `state_reported`), entity
 * ids are lower-cased and validated when first created, states are `str()`-ed.
 */
import { isoFromMicros, nowMicros } from './ha-clock.js';
import { InvalidEntityFormatError, InvalidStateError } from './ha-errors.js';
import { EVENT_STATE_CHANGED, EVENT_STATE_REPORTED, newContext, type Context, type EventBus } from './event-bus.js';
import type { Recorder } from './record.js';
import { pyStr, validEntityId, type Json, type JsonObject } from './schema.js';

export interface StoredState {
  entityId: string;
  state: string;
  attributes: JsonObject;
  lastChanged: number;
  lastReported: number;
  lastUpdated: number;
  context: Context;
  /**
   * `State.state_info["unrecorded_attributes"]`: what the entity keeps out of
   * the recorder (an event entity's `event_types`); none for REST-written states.
   */
  unrecordedAttributes?: readonly string[];
}

export interface StateInfo {
  unrecordedAttributes: readonly string[];
}

/** `State.as_dict()`, key order included. */
export interface StateObject {
  entity_id: string;
  state: string;
  attributes: JsonObject;
  last_changed: string;
  last_reported: string;
  last_updated: string;
  context: Context;
}

const MAX_STATE_LENGTH = 255;

export function toStateObject(s: StoredState): StateObject {
  return {
    entity_id: s.entityId,
    state: s.state,
    attributes: structuredClone(s.attributes),
    last_changed: isoFromMicros(s.lastChanged),
    last_reported: isoFromMicros(s.lastReported),
    last_updated: isoFromMicros(s.lastUpdated),
    context: { ...s.context },
  };
}

/** Python `==` on JSON-decoded values: dict key order does not matter. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
}

export class StateMachine {
  private readonly states = new Map<string, StoredState>();

  constructor(
    private readonly bus: EventBus,
    private readonly recorder: Recorder,
  ) {}

  get(entityId: string): StoredState | undefined {
    return this.states.get(entityId) ?? this.states.get(entityId.toLowerCase());
  }

  all(): StoredState[] {
    return [...this.states.values()];
  }

  /** `async_set`. Throws `InvalidEntityFormatError` / `InvalidStateError` as HA does. */
  set(
    entityId: string,
    newState: Json,
    attributes?: JsonObject | null,
    forceUpdate = false,
    context?: Context,
    stateInfo?: StateInfo,
  ): StoredState {
    const id = entityId.toLowerCase();
    const state = pyStr(newState);
    const attrs: JsonObject = attributes ? structuredClone(attributes) : {};
    const old = this.states.get(id);
    const sameState = old !== undefined && old.state === state && !forceUpdate;
    const sameAttr = old !== undefined && jsonEqual(old.attributes, attrs);
    const now = nowMicros();
    const ctx = context ?? newContext(null, now);

    if (old && sameState && sameAttr) {
      const oldLastReported = old.lastReported;
      old.lastReported = now;
      this.recorder.add({ kind: 'state', op: 'reported', entity_id: id, state: toStateObject(old) });
      this.bus.fire(
        EVENT_STATE_REPORTED,
        {
          entity_id: id,
          old_last_reported: isoFromMicros(oldLastReported),
          new_state: toStateObject(old) as unknown as JsonObject,
        },
        { context: ctx, micros: now },
      );
      return old;
    }

    if (!old && !validEntityId(id)) throw new InvalidEntityFormatError(`Invalid entity ID: ${id}`);
    if (state.length > MAX_STATE_LENGTH) {
      throw new InvalidStateError(
        `Invalid state with length ${state.length}. State max length is ${MAX_STATE_LENGTH} characters.`,
      );
    }

    const stored: StoredState = {
      entityId: id,
      state,
      attributes: sameAttr && old ? old.attributes : attrs,
      lastChanged: sameState && old ? old.lastChanged : now,
      lastReported: now,
      lastUpdated: now,
      context: ctx,
      ...(stateInfo ? { unrecordedAttributes: stateInfo.unrecordedAttributes } : {}),
    };
    this.states.set(id, stored);
    this.fireChanged(id, old ?? null, stored, ctx, now);
    return stored;
  }

  /** `async_remove`: true when there was a state to remove. */
  remove(entityId: string, context?: Context): boolean {
    const id = entityId.toLowerCase();
    const old = this.states.get(id);
    if (!old) return false;
    this.states.delete(id);
    const now = nowMicros();
    this.fireChanged(id, old, null, context ?? newContext(null, now), now);
    return true;
  }

  /** What a restart does: the process is gone, so no events. */
  clear(): void {
    this.states.clear();
  }

  private fireChanged(
    id: string,
    old: StoredState | null,
    next: StoredState | null,
    context: Context,
    micros: number,
  ): void {
    const newObject = next ? toStateObject(next) : null;
    this.recorder.add({
      kind: 'state',
      op: next ? 'set' : 'remove',
      entity_id: id,
      state: newObject,
      ...(next?.unrecordedAttributes ? { unrecorded: next.unrecordedAttributes } : {}),
    });
    this.bus.fire(
      EVENT_STATE_CHANGED,
      {
        entity_id: id,
        old_state: old ? (toStateObject(old) as unknown as JsonObject) : null,
        new_state: newObject as unknown as JsonObject | null,
      },
      { context, micros, stateChange: { entityId: id, oldState: old, newState: next } },
    );
  }
}

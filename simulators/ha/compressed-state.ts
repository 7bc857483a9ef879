/**
 * The `subscribe_entities` wire format (`websocket_api/messages.py`):
 * `{a: {id: compressed}}` for adds, `{c: {id: {"+": ..., "-": {a: [...]}}}}`
 * for changes and `{r: [id]}` for removals.
 */
import { secondsFromMicros } from './ha-clock.js';
import type { Context, StateChange } from './event-bus.js';
import type { JsonObject } from './schema.js';
import { jsonEqual, type StoredState } from './state-machine.js';

export interface CompressedState {
  s: string;
  a: JsonObject;
  /** Only the id when the context carries no user or parent. */
  c: string | Context;
  lc: number;
  lu?: number;
}

export interface StateDiff {
  '+': {
    s?: string;
    a?: JsonObject;
    c?: string | Partial<Context>;
    lc?: number;
    lu?: number;
  };
  '-'?: { a: string[] };
}

export type EntitiesEvent = { a: Record<string, CompressedState> } | { c: Record<string, StateDiff> } | { r: string[] };

export function compressState(state: StoredState): CompressedState {
  const { context } = state;
  const compressed: CompressedState = {
    s: state.state,
    a: state.attributes,
    c: context.parent_id === null && context.user_id === null ? context.id : { ...context },
    lc: secondsFromMicros(state.lastChanged),
  };
  if (state.lastUpdated !== state.lastChanged) compressed.lu = secondsFromMicros(state.lastUpdated);
  return compressed;
}

/** `_state_diff_event`. */
export function entitiesEvent({ entityId, oldState, newState }: StateChange): EntitiesEvent {
  if (!newState) return { r: [entityId] };
  if (!oldState) return { a: { [entityId]: compressState(newState) } };
  return { c: { [entityId]: stateDiff(oldState, newState) } };
}

function stateDiff(old: StoredState, next: StoredState): StateDiff {
  const additions: StateDiff['+'] = {};
  if (old.state !== next.state) additions.s = next.state;
  if (old.lastChanged !== next.lastChanged) additions.lc = secondsFromMicros(next.lastChanged);
  else if (old.lastUpdated !== next.lastUpdated) additions.lu = secondsFromMicros(next.lastUpdated);

  const contextParts: Partial<Context> = {};
  if (old.context.parent_id !== next.context.parent_id) contextParts.parent_id = next.context.parent_id;
  if (old.context.user_id !== next.context.user_id) contextParts.user_id = next.context.user_id;
  if (Object.keys(contextParts).length) {
    additions.c = contextParts;
    if (old.context.id !== next.context.id) contextParts.id = next.context.id;
  } else if (old.context.id !== next.context.id) {
    additions.c = next.context.id;
  }

  for (const [key, value] of Object.entries(next.attributes)) {
    if (!(key in old.attributes) || !jsonEqual(old.attributes[key], value)) (additions.a ??= {})[key] = value;
  }
  const diff: StateDiff = { '+': additions };
  const removed = Object.keys(old.attributes).filter((key) => !(key in next.attributes));
  if (removed.length) diff['-'] = { a: removed };
  return diff;
}

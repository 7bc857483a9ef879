/**
 * What HA's recorder writes of a state's attributes and an event's data
 * (`components/recorder/db_schema.py`: `StateAttributes.shared_attrs_bytes_from_event`,
 * `EventData.shared_data_bytes_from_event`): compact JSON (`json_bytes`,
 * orjson), without `ALL_DOMAIN_EXCLUDE_ATTRS` and the entity's unrecorded
 * attributes; attributes over `MAX_STATE_ATTRS_BYTES` are stored as `{}` (with
 * a warning), and so is event data over `MAX_EVENT_DATA_BYTES`. History reads
 * states back with these attributes, not the state machine's.
 *
 * Simplified: orjson writes a float with a zero fraction as `100.0` where
 * JSON text decoded here has lost that, so such numbers are 2 bytes shorter.
 */
import type { JsonObject } from './schema.js';

export const MAX_STATE_ATTRS_BYTES = 16384;
export const MAX_EVENT_DATA_BYTES = 32768;
/** `recorder/const.py` ALL_DOMAIN_EXCLUDE_ATTRS: ATTR_ATTRIBUTION, ATTR_RESTORED, ATTR_SUPPORTED_FEATURES. */
const ALL_DOMAIN_EXCLUDE_ATTRS: ReadonlySet<string> = new Set(['attribution', 'restored', 'supported_features']);

export interface Shared {
  /** The JSON text the row holds. */
  text: string;
  /** Its size in bytes (UTF-8). */
  bytes: number;
  /** True when the recorder refused the real content for its size and stored `{}`. */
  oversized: boolean;
}

function bounded(json: string, max: number): Shared {
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > max) return { text: '{}', bytes: 2, oversized: true };
  return { text: json, bytes, oversized: false };
}

/** `shared_attrs` of a state (`{}` for a removed one). */
export function sharedAttrs(attributes: JsonObject | null, unrecorded: readonly string[] = []): Shared {
  if (!attributes) return bounded('{}', MAX_STATE_ATTRS_BYTES);
  const kept = Object.fromEntries(
    Object.entries(attributes).filter(([k]) => !ALL_DOMAIN_EXCLUDE_ATTRS.has(k) && !unrecorded.includes(k)),
  );
  return bounded(JSON.stringify(kept), MAX_STATE_ATTRS_BYTES);
}

/** `shared_data` of an event other than `state_changed`. */
export function sharedData(data: JsonObject): Shared {
  return bounded(JSON.stringify(data), MAX_EVENT_DATA_BYTES);
}

/** The attributes history answers with: what the recorder kept of them. */
export function recordedAttributes(attributes: JsonObject, unrecorded: readonly string[] = []): JsonObject {
  return JSON.parse(sharedAttrs(attributes, unrecorded).text) as JsonObject;
}

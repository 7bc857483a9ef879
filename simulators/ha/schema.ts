/**
 * Just enough of voluptuous to reject messages the way HA does: its schemas
 * forbid extra keys, and the websocket API answers with `humanize_error` text
 * ("required key not provided @ data['x']. Got None"), which clients may show.
 */
import { Invalid } from './ha-errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Returns the coerced value, or throws `Invalid` with voluptuous' message (without the path). */
export type Validator = (value: Json) => Json;

export interface Field {
  required?: boolean;
  validate: Validator;
}

export type Schema = Record<string, Field>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's `repr()` of a JSON value, as voluptuous prints the offending item. */
export function pyRepr(value: Json | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** Python's `str()`, which HA applies to every state value it is given. */
export function pyStr(value: Json): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

const MAX_ITEM_LENGTH = 500;

interface PathError {
  key: string;
  message: string;
  value: Json | undefined;
}

function collect(data: JsonObject, schema: Schema): { errors: PathError[]; out: JsonObject } {
  const errors: PathError[] = [];
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(schema)) {
    if (!(key in data)) {
      if (field.required) errors.push({ key, message: 'required key not provided', value: undefined });
      continue;
    }
    try {
      out[key] = field.validate(data[key]);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      errors.push({ key, message: `${err.message} for dictionary value`, value: data[key] });
    }
  }
  for (const key of Object.keys(data)) {
    if (!(key in schema)) errors.push({ key, message: 'extra keys not allowed', value: data[key] });
  }
  return { errors, out };
}

/** Validates like `vol.Schema(...)(data)`; the error reads like `str(MultipleInvalid)` (first error). */
export function validate(data: JsonObject, schema: Schema): JsonObject {
  const { errors, out } = collect(data, schema);
  if (errors.length) {
    const first = errors[0]!;
    throw new Invalid(`${first.message} @ data['${first.key}']`);
  }
  return out;
}

/** Validates and, on failure, throws voluptuous' `humanize_error` text, as the websocket API sends it. */
export function validateHumanized(data: JsonObject, schema: Schema): JsonObject {
  const { errors, out } = collect(data, schema);
  if (errors.length) {
    const lines = errors.map(({ key, message, value }) => {
      let got = pyRepr(value);
      if (got.length > MAX_ITEM_LENGTH) got = got.slice(0, MAX_ITEM_LENGTH - 3) + '...';
      return `${message} @ data['${key}']. Got ${got}`;
    });
    throw new Invalid(lines.sort().join('\n'));
  }
  return out;
}

export const str: Validator = (value) => {
  if (typeof value !== 'string') throw new Invalid('expected str');
  return value;
};

export const bool: Validator = (value) => {
  if (typeof value !== 'boolean') throw new Invalid('expected bool');
  return value;
};

export const dict: Validator = (value) => {
  if (!isObject(value)) throw new Invalid('expected dict');
  return value;
};

/** `cv.positive_int`: `vol.Coerce(int)` then a minimum of 0. */
export const positiveInt: Validator = (value) => {
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Invalid('expected int');
  if (n < 0) throw new Invalid('value must be at least 0');
  return n;
};

/** `cv.string`: HA coerces numbers to text but refuses containers and None. */
export const cvString: Validator = (value) => {
  if (value === null) throw new Invalid('string value is None');
  if (typeof value === 'object') throw new Invalid('value should be a string');
  return pyStr(value);
};

/** `homeassistant.core.valid_entity_id`: two slugs, no leading/trailing/double underscores. */
const VALID_ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

export function validEntityId(entityId: string): boolean {
  return VALID_ENTITY_ID.test(entityId);
}

/** `cv.entity_ids`: a list or a comma-separated string of entity ids, lower-cased. */
export const entityIds: Validator = (value) => {
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(items)) throw new Invalid('expected a list');
  return items.map((item) => {
    const id = typeof item === 'string' ? item.toLowerCase() : item;
    if (typeof id !== 'string' || !validEntityId(id))
      throw new Invalid(`Entity ID ${pyStr(item)} is an invalid entity ID`);
    return id;
  });
};

/** `cv.ENTITY_SERVICE_FIELDS`: the `target` of a service call. */
export const target: Validator = (value) => {
  const targetSchema: Schema = {
    entity_id: { validate: (v) => (v === 'all' || v === 'none' ? v : entityIds(v)) },
    device_id: { validate: idList },
    area_id: { validate: idList },
    floor_id: { validate: idList },
    label_id: { validate: idList },
  };
  return validate(dict(value) as JsonObject, targetSchema);
};

function idList(value: Json): Json {
  if (typeof value === 'string') return value === 'none' ? [] : [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Invalid('expected a list');
}

/**
 * The discovery schemas of the platforms the simulator plays, after HA core's
 * `components/mqtt/` `entity.py` (MQTT_ENTITY_COMMON_SCHEMA,
 * MQTT_ENTITY_DEVICE_INFO_SCHEMA, MQTT_ORIGIN_INFO_SCHEMA, availability),
 * `sensor.py`, `binary_sensor.py`, `button.py`, `event.py`. A config that
 * fails is refused whole (HA logs it and sets nothing up). `value_template`
 * and a sensor's `last_reset_value_template` are read in the subset
 * `value-template.ts` renders; any other template, or one outside that
 * subset, is refused (see the README).
 * Each platform's DISCOVERY_SCHEMA extends its YAML schema with
 * `extra=vol.REMOVE_EXTRA`: a top-level key HA does not know is dropped, not
 * refused (so an older HA ignores `default_entity_id`, and HA since 2026.4
 * ignores the `object_id` it replaced), while `device` and `origin` are
 * schemas of their own that refuse extra keys.
 */
import { TemplateUnsupported, ValueTemplate } from './value-template.js';

export type Platform = 'sensor' | 'binary_sensor' | 'button' | 'event';
export const PLATFORMS: readonly Platform[] = ['sensor', 'binary_sensor', 'button', 'event'];

export interface DeviceConfig {
  identifiers: string[];
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  sw_version: string | null;
  via_device: string | null;
}

export interface EntityConfig {
  platform: Platform;
  unique_id: string | null;
  /** `null` name: the entity is the device's main feature (friendly name = device name). */
  name: string | null;
  default_entity_id: string | null;
  device: DeviceConfig | null;
  device_class: string | null;
  state_class: string | null;
  unit_of_measurement: string | null;
  suggested_display_precision: number | null;
  icon: string | null;
  entity_category: 'config' | 'diagnostic' | null;
  state_topic: string | null;
  command_topic: string | null;
  json_attributes_topic: string | null;
  availability_topic: string | null;
  payload_available: string;
  payload_not_available: string;
  payload_on: string;
  payload_off: string;
  payload_press: string;
  /** The event platform's `event_types` (required there, null elsewhere). */
  event_types: string[] | null;
  value_template: ValueTemplate | null;
  /** Sensors with `state_class: total` only: renders `last_reset` from the state topic's payload. */
  last_reset_value_template: ValueTemplate | null;
}

export class DiscoveryInvalid extends Error {}

const DEFAULT_NAMES: Record<Platform, string> = {
  sensor: 'MQTT Sensor',
  binary_sensor: 'MQTT Binary sensor',
  button: 'Press',
  event: 'MQTT Event',
};
/** `EventDeviceClass`. */
const EVENT_DEVICE_CLASSES = ['doorbell', 'button', 'motion'];
const SENSOR_STATE_CLASSES = ['measurement', 'measurement_angle', 'total', 'total_increasing'];
const UNRENDERED_TEMPLATE_KEYS = ['json_attributes_template', 'availability_template', 'command_template'];
/** Keys only some platforms' schemas have; the others drop them with the unknown ones. */
const PLATFORM_KEYS: Readonly<Record<string, readonly Platform[]>> = {
  event_types: ['event'],
  last_reset_value_template: ['sensor'],
  state_class: ['sensor'],
  unit_of_measurement: ['sensor'],
  suggested_display_precision: ['sensor'],
  value_template: ['sensor', 'binary_sensor', 'event'],
};
const KNOWN = new Set([
  'platform',
  'unique_id',
  'name',
  'default_entity_id',
  'device',
  'origin',
  'device_class',
  'state_class',
  'unit_of_measurement',
  'suggested_display_precision',
  'icon',
  'entity_category',
  'state_topic',
  'command_topic',
  'json_attributes_topic',
  'availability_topic',
  'availability',
  'availability_mode',
  'payload_available',
  'payload_not_available',
  'payload_on',
  'payload_off',
  'payload_press',
  'qos',
  'retain',
  'enabled_by_default',
  'entity_picture',
  'expire_after',
  'force_update',
  'off_delay',
  'encoding',
  'migrate_discovery',
  'event_types',
  'value_template',
  'last_reset_value_template',
]);
/** MQTT_ENTITY_DEVICE_INFO_SCHEMA and MQTT_ORIGIN_INFO_SCHEMA (`via_hub`: the deprecated spelling of `via_device`). */
const DEVICE_KEYS = new Set([
  'identifiers',
  'connections',
  'manufacturer',
  'model',
  'model_id',
  'name',
  'hw_version',
  'serial_number',
  'sw_version',
  'via_device',
  'via_hub',
  'suggested_area',
  'configuration_url',
]);
const ORIGIN_KEYS = new Set(['name', 'sw_version', 'support_url']);

function refuseExtra(d: Record<string, unknown>, allowed: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(d))
    if (!allowed.has(key)) throw new DiscoveryInvalid(`extra keys not allowed @ data['${where}']['${key}']`);
}

function opt(config: Record<string, unknown>, key: string): string | null {
  const v = config[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    throw new DiscoveryInvalid(`expected str for dictionary value @ data['${key}']`);
  return String(v);
}

/**
 * `valid_publish_topic` / `valid_subscribe_topic`: non-empty UTF-8, no NUL, wildcards only whole levels (and none to
 * publish).
 */
function topic(config: Record<string, unknown>, key: string, publish: boolean): string | null {
  const t = opt(config, key);
  if (t === null) return null;
  const bad =
    t === '' ||
    t.includes('\0') ||
    (publish
      ? /[#+]/.test(t)
      : t.split('/').some((l) => (l.includes('#') && l !== '#') || (l.includes('+') && l !== '+')));
  if (bad)
    throw new DiscoveryInvalid(
      `${publish ? 'Wildcards cannot be used in topic names' : 'Invalid MQTT topic'} for dictionary value @ ` +
        `data['${key}']`,
    );
  return t;
}

function device(raw: unknown): DeviceConfig | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new DiscoveryInvalid("expected a dictionary for dictionary value @ data['device']");
  const d = raw as Record<string, unknown>;
  refuseExtra(d, DEVICE_KEYS, 'device');
  const ids =
    d.identifiers === undefined
      ? []
      : Array.isArray(d.identifiers)
        ? d.identifiers.map(String)
        : [String(d.identifiers)];
  const connections = Array.isArray(d.connections) ? d.connections : [];
  if (ids.length === 0 && connections.length === 0)
    throw new DiscoveryInvalid(
      "Device must have at least one identifying value in 'identifiers' and/or 'connections' for dictionary " +
        "value @ data['device']",
    );
  return {
    identifiers: ids,
    name: opt(d, 'name'),
    manufacturer: opt(d, 'manufacturer'),
    model: opt(d, 'model'),
    sw_version: opt(d, 'sw_version'),
    via_device: opt(d, 'via_device') ?? opt(d, 'via_hub'),
  };
}

/** The top-level keys of an expanded payload that HA's discovery would drop without a word. */
export function droppedKeys(payload: Record<string, unknown>): string[] {
  return Object.keys(payload).filter((key) => !KNOWN.has(key) && !UNRENDERED_TEMPLATE_KEYS.includes(key));
}

function template(config: Record<string, unknown>, key: string): ValueTemplate | null {
  const source = opt(config, key);
  if (source === null) return null;
  try {
    return new ValueTemplate(source);
  } catch (err) {
    if (err instanceof TemplateUnsupported) throw new DiscoveryInvalid(`${err.message} @ data['${key}']`);
    throw err;
  }
}

/** `vol.All(cv.ensure_list, [cv.string])`. */
function eventTypes(config: Record<string, unknown>): string[] {
  const raw = config.event_types;
  if (raw === undefined) throw new DiscoveryInvalid("required key not provided @ data['event_types']");
  const list = raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((v: unknown, i) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new DiscoveryInvalid(`expected str @ data['event_types'][${i}]`);
    return String(v);
  });
}

/** Validates an expanded discovery payload; throws DiscoveryInvalid with HA's kind of message. */
export function validateDiscovery(platform: Platform, payload: Record<string, unknown>): EntityConfig {
  for (const key of Object.keys(payload)) {
    if (UNRENDERED_TEMPLATE_KEYS.includes(key))
      throw new DiscoveryInvalid(`the simulator does not render templates: ${key}`);
  }
  const config = Object.fromEntries(
    Object.entries(payload).filter(([key]) => KNOWN.has(key) && (PLATFORM_KEYS[key]?.includes(platform) ?? true)),
  );
  const origin = config.origin;
  if (
    origin !== undefined &&
    (typeof origin !== 'object' || origin === null || typeof (origin as Record<string, unknown>).name !== 'string')
  ) {
    throw new DiscoveryInvalid("required key not provided @ data['origin']['name']");
  }
  if (origin !== undefined) refuseExtra(origin as Record<string, unknown>, ORIGIN_KEYS, 'origin');
  const entityCategory = opt(config, 'entity_category');
  if (entityCategory !== null && entityCategory !== 'config' && entityCategory !== 'diagnostic')
    throw new DiscoveryInvalid(
      `Entity category ${entityCategory} is invalid for dictionary value @ data['entity_category']`,
    );
  if (platform === 'button' && entityCategory === 'diagnostic')
    throw new DiscoveryInvalid('Entity category diagnostic is not allowed for a button');
  const defaultEntityId = opt(config, 'default_entity_id');
  if (defaultEntityId !== null && !/^[a-z0-9_]+\.[a-z0-9_]+$/.test(defaultEntityId))
    throw new DiscoveryInvalid(`invalid entity id ${defaultEntityId} for dictionary value @ data['default_entity_id']`);
  const stateClass = opt(config, 'state_class');
  if (platform === 'sensor' && stateClass !== null && !SENSOR_STATE_CLASSES.includes(stateClass))
    throw new DiscoveryInvalid(
      `expected SensorStateClass or one of ${SENSOR_STATE_CLASSES.join(', ')} @ data['state_class']`,
    );
  const precision = config.suggested_display_precision;
  if (precision !== undefined && (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 0))
    throw new DiscoveryInvalid("expected int for dictionary value @ data['suggested_display_precision']");
  const parsed: EntityConfig = {
    platform,
    unique_id: opt(config, 'unique_id'),
    name: 'name' in config ? opt(config, 'name') : DEFAULT_NAMES[platform],
    default_entity_id: defaultEntityId,
    device: device(config.device),
    device_class: opt(config, 'device_class'),
    state_class: stateClass,
    unit_of_measurement: opt(config, 'unit_of_measurement'),
    suggested_display_precision: typeof precision === 'number' ? precision : null,
    icon: opt(config, 'icon'),
    entity_category: entityCategory as EntityConfig['entity_category'],
    state_topic: topic(config, 'state_topic', false),
    command_topic: topic(config, 'command_topic', true),
    json_attributes_topic: topic(config, 'json_attributes_topic', false),
    availability_topic: topic(config, 'availability_topic', false),
    payload_available: opt(config, 'payload_available') ?? 'online',
    payload_not_available: opt(config, 'payload_not_available') ?? 'offline',
    payload_on: opt(config, 'payload_on') ?? 'ON',
    payload_off: opt(config, 'payload_off') ?? 'OFF',
    payload_press: opt(config, 'payload_press') ?? 'PRESS',
    event_types: platform === 'event' ? eventTypes(config) : null,
    value_template: template(config, 'value_template'),
    last_reset_value_template: template(config, 'last_reset_value_template'),
  };
  if (parsed.last_reset_value_template && stateClass !== 'total')
    throw new DiscoveryInvalid(
      `The option \`last_reset_value_template\` cannot be used together with state class \`${stateClass ?? 'None'}\``,
    );
  if (platform === 'event' && parsed.device_class !== null) {
    parsed.device_class = parsed.device_class.toLowerCase();
    if (!EVENT_DEVICE_CLASSES.includes(parsed.device_class))
      throw new DiscoveryInvalid(
        `expected EventDeviceClass or one of ${EVENT_DEVICE_CLASSES.join(', ')} @ data['device_class']`,
      );
  }
  if (platform !== 'button' && parsed.state_topic === null)
    throw new DiscoveryInvalid("required key not provided @ data['state_topic']");
  if (platform === 'button' && parsed.command_topic === null)
    throw new DiscoveryInvalid("required key not provided @ data['command_topic']");
  if (parsed.device && parsed.unique_id === null) throw new DiscoveryInvalid('Device info requires a unique_id');
  if (defaultEntityId !== null && !defaultEntityId.startsWith(`${platform}.`))
    throw new DiscoveryInvalid(`default_entity_id ${defaultEntityId} is not in the ${platform} domain`);
  return parsed;
}

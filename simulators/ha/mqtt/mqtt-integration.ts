/**
 * HA's MQTT integration, played against a real broker: connects with HA's
 * broker account, subscribes to `<prefix>/#`, sets up an entity for every
 * valid retained or live discovery config (abbreviations expanded, HA's
 * schemas, invalid ones logged and ignored), keeps the entity and device
 * registries, applies state, json_attributes and availability topics, and
 * publishes its birth message (`<prefix>/status` = online) after every
 * (re)connect, as HA does. HA core sources: `components/mqtt/discovery.py`,
 * `entity.py`, `sensor.py`, `binary_sensor.py`, `button.py`, `event.py`,
 * `components/event/__init__.py` (the event entity and what it restores
 * after a restart), `helpers/entity.py` (naming, attribute order, unavailable
 * state), `helpers/entity_registry.py`.
 *
 * Over 300 lines: discovery, registries and the state topics are one
 * subscription's handling of one message stream; apart they would share its state.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Hass } from '../ha-core.js';
import type { HaSim } from '../ha-server.js';
import { newContext } from '../event-bus.js';
import { entityIds, type JsonObject } from '../schema.js';
import { eventFromPayload, eventStateTime } from './event-payload.js';
import { lastResetFromPayload } from './last-reset.js';
import type { EntityEntry } from '../registry/entity-registry.js';
import { expandAbbreviations } from './abbreviations.js';
import {
  DiscoveryInvalid,
  PLATFORMS,
  validateDiscovery,
  type EntityConfig,
  type Platform,
} from './discovery-schema.js';

export const MQTT_CONFIG_ENTRY_ID = 'mqtt0000000000000000000000000001';
/** HA's MQTT_ATTRIBUTES_BLOCKED (entity.py): json_attributes keys that never become attributes. */
export const ATTRIBUTES_BLOCKED: ReadonlySet<string> = new Set([
  'assumed_state',
  'available',
  'device_class',
  'device_info',
  'entity_category',
  'entity_picture',
  'entity_registry_enabled_default',
  'extra_state_attributes',
  'force_update',
  'icon',
  'friendly_name',
  'should_poll',
  'state',
  'supported_features',
  'unique_id',
  'unit_of_measurement',
]);
/** Each platform's `_attributes_extra_blocked` (sensor.py, event.py), on top of ATTRIBUTES_BLOCKED. */
const PLATFORM_ATTRIBUTES_BLOCKED: Readonly<Record<Platform, readonly string[]>> = {
  sensor: ['last_reset', 'state_class'],
  binary_sensor: [],
  button: [],
  event: ['event_type', 'event_types'],
};
/** Each entity component's `_entity_component_unrecorded_attributes` (`sensor`: ATTR_OPTIONS). */
const UNRECORDED_ATTRIBUTES: Readonly<Record<Platform, readonly string[]>> = {
  sensor: ['options'],
  binary_sensor: [],
  button: [],
  event: ['event_types'],
};
const TEMPLATE_DEFAULT = Symbol('PayloadSentinel.DEFAULT');
const DISCOVERY_TOPIC = /^(?<component>\w+)\/(?:(?<node>[a-zA-Z0-9_-]+)\/)?(?<object>[a-zA-Z0-9_-]+)\/config$/;

export interface MqttIntegrationOptions {
  url: string;
  username: string;
  password: string;
  discoveryPrefix?: string;
}

interface MqttEntity {
  discoveryTopic: string;
  config: EntityConfig;
  entry: EntityEntry;
  available: boolean;
  value: string | null;
  extra: JsonObject;
  /** A `total` sensor's `last_reset` attribute, as its `isoformat()`. */
  lastReset: string | null;
  /** An event entity's last event: its state (the time) and `EventExtraStoredData`. */
  event: LastEvent;
}

interface LastEvent {
  time: string | null;
  type: string | null;
  attributes: JsonObject | null;
}

const NO_EVENT: LastEvent = { time: null, type: null, attributes: null };

/**
 * Starts HA's MQTT integration in the simulator; it stops and starts with `sim.restart()` and stops with `sim.close()`.
 */
export async function attachMqtt(sim: HaSim, options: MqttIntegrationOptions): Promise<MqttIntegration> {
  const integration = new MqttIntegration(sim.hass, options);
  sim.hass.loadComponent('mqtt');
  sim.addIntegration(integration);
  await integration.start();
  return integration;
}

export class MqttIntegration {
  /** Discovery configs refused, with HA's kind of message: what HA would log. */
  readonly errors: { topic: string; error: string }[] = [];
  /** Messages HA logs at warning level about payloads it ignored (an invalid event type, a bad last_reset). */
  readonly warnings: string[] = [];
  /**
   * `.storage/core.restore_state`: an event entity's last state and extra
   * data by entity id, written when HA stops or the entity goes, read when it
   * is set up again (`RestoreEntity.async_get_last_state`).
   */
  private readonly restoreState = new Map<string, { state: string; event: LastEvent }>();
  private client: MqttClient | null = null;
  private readonly entities = new Map<string, MqttEntity>();
  /**
   * The last payload per topic. A second subscription to a topic gets no
   * retained message from the broker (the client is already subscribed), so
   * a new entity is handed the last one, as HA's client re-subscribes to get it.
   */
  private readonly lastPayload = new Map<string, string>();
  readonly prefix: string;

  constructor(
    private readonly hass: Hass,
    private readonly options: MqttIntegrationOptions,
  ) {
    this.prefix = options.discoveryPrefix ?? 'homeassistant';
    hass.services.register('button', 'press', {
      schema: { entity_id: { required: true, validate: entityIds } },
      description: {
        name: 'Press',
        description: 'Press the button entity.',
        fields: { entity_id: { required: true, selector: { entity: {} } } },
      },
      handler: (data) => {
        for (const id of data['entity_id'] as string[]) this.press(id);
      },
    });
    // A rename or a new name in the registry is written to the state at once, as HA's entity does.
    hass.bus.listen('entity_registry_updated', (event) => {
      const data = event.data;
      if (data['action'] !== 'update') return;
      if (typeof data['old_entity_id'] === 'string') this.renamed(data['old_entity_id'], String(data['entity_id']));
      else for (const e of this.entities.values()) if (e.entry.entityId === data['entity_id']) this.write(e);
    });
    hass.bus.listen('device_registry_updated', (event) => {
      for (const e of this.entities.values()) if (e.entry.deviceId === event.data['device_id']) this.write(e);
    });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = mqtt.connect(this.options.url, {
      username: this.options.username,
      password: this.options.password,
      clientId: `homeassistant-sim-${process.pid}-${Date.now()}`,
      reconnectPeriod: 500,
      keepalive: 60,
    });
    this.client = client;
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload.toString('utf8'), packet.retain));
    client.on('connect', () => {
      client.subscribe(`${this.prefix}/#`, { qos: 0 });
      for (const e of this.entities.values()) this.subscribeEntity(e);
      client.publish(`${this.prefix}/status`, 'online', { qos: 0, retain: false });
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  }

  /** What HA stopping does to MQTT: the client goes away and the entities with it (the registries stay). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    for (const e of this.entities.values()) this.saveRestoreState(e);
    this.entities.clear();
    this.lastPayload.clear();
    if (client) await client.endAsync();
  }

  /** `button.press`: publishes `payload_press` to the command topic. */
  press(entityId: string): void {
    const entity = [...this.entities.values()].find(
      (e) => e.entry.entityId === entityId && e.config.platform === 'button',
    );
    if (!entity || !entity.config.command_topic) return;
    this.client?.publish(entity.config.command_topic, entity.config.payload_press, { qos: 0, retain: false });
    // A button's state is the time it was last pressed.
    entity.value = new Date().toISOString().replace('Z', '000+00:00');
    this.write(entity);
  }

  private onMessage(topic: string, payload: string, retain: boolean): void {
    if (topic.startsWith(`${this.prefix}/`)) {
      const match = DISCOVERY_TOPIC.exec(topic.slice(this.prefix.length + 1));
      if (match?.groups) {
        this.onDiscovery(topic, match.groups.component as string, payload);
        return;
      }
    }
    this.lastPayload.set(topic, payload);
    for (const e of this.entities.values()) this.onEntityMessage(e, topic, payload, retain);
  }

  private onDiscovery(topic: string, component: string, payload: string): void {
    const existing = this.entities.get(topic);
    if (payload === '') {
      if (existing) this.removeEntity(existing);
      return;
    }
    if (!(PLATFORMS as readonly string[]).includes(component)) return;
    let config: EntityConfig;
    try {
      const raw: unknown = JSON.parse(payload);
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new DiscoveryInvalid('expected a dictionary');
      config = validateDiscovery(component as Platform, expandAbbreviations(raw as Record<string, unknown>));
    } catch (err) {
      this.errors.push({ topic, error: err instanceof Error ? err.message : String(err) });
      console.error(
        `[ha-sim] Error '${err instanceof Error ? err.message : String(err)}' when processing MQTT discovery ` +
          `message topic: '${topic}'`,
      );
      return;
    }
    if (existing && config.unique_id !== existing.config.unique_id) this.removeEntity(existing);
    this.setUp(topic, config, existing && existing.config.unique_id === config.unique_id ? existing : undefined);
  }

  private setUp(topic: string, config: EntityConfig, previous: MqttEntity | undefined): void {
    const hass = this.hass;
    // The platform's entity component is set up with its first entity (`sensor` is loaded already).
    hass.loadComponent(config.platform);
    const device = config.device
      ? hass.deviceRegistry.getOrCreate(MQTT_CONFIG_ENTRY_ID, {
          identifiers: config.device.identifiers.map((id) => ['mqtt', id] as [string, string]),
          name: config.device.name,
          manufacturer: config.device.manufacturer,
          model: config.device.model,
          swVersion: config.device.sw_version,
          viaDevice: config.device.via_device ? ['mqtt', config.device.via_device] : null,
        })
      : null;
    const deviceName = device?.nameByUser ?? device?.name ?? null;
    // has_entity_name (always true for MQTT): a name repeating the device's is shortened, as HA does with a warning.
    let name = config.name;
    if (name && deviceName && name.toLowerCase().startsWith(`${deviceName.toLowerCase()} `))
      name = name.slice(deviceName.length + 1);
    const suggested = config.default_entity_id?.split('.')[1] ?? [deviceName, name].filter(Boolean).join(' ');
    const entry = config.unique_id
      ? hass.entityRegistry.getOrCreate(config.platform, 'mqtt', config.unique_id, {
          suggestedObjectId: suggested,
          configEntryId: MQTT_CONFIG_ENTRY_ID,
          deviceId: device?.id ?? null,
          originalName: name,
          originalIcon: config.icon,
          originalDeviceClass: config.device_class,
          entityCategory: config.entity_category,
          hasEntityName: true,
        })
      : this.unregisteredEntry(config, suggested, name);
    if (config.platform === 'sensor' && entry.id)
      this.suggestPrecision(entry.entityId, config.suggested_display_precision);
    const entity: MqttEntity = previous
      ? { ...previous, config, entry }
      : {
          discoveryTopic: topic,
          config,
          entry,
          available: !config.availability_topic,
          value: null,
          extra: {},
          lastReset: null,
          event: config.platform === 'event' ? this.restoredEvent(entry.entityId) : NO_EVENT,
        };
    this.entities.set(topic, entity);
    this.subscribeEntity(entity);
    // What the broker hands a new subscription is its retained message.
    for (const t of [config.availability_topic, config.state_topic, config.json_attributes_topic]) {
      const last = t === null ? undefined : this.lastPayload.get(t);
      if (t !== null && last !== undefined) this.onEntityMessage(entity, t, last, true);
    }
    this.write(entity);
  }

  /** `EventEntity.async_internal_added_to_hass`: the last event's time (if the stored state is one) and data. */
  private restoredEvent(entityId: string): LastEvent {
    const stored = this.restoreState.get(entityId);
    if (!stored) return NO_EVENT;
    const time = Number.isNaN(Date.parse(stored.state)) ? null : eventStateTime(Date.parse(stored.state));
    return { ...stored.event, time };
  }

  private saveRestoreState(e: MqttEntity): void {
    const state = this.hass.states.get(e.entry.entityId);
    if (e.config.platform === 'event' && state)
      this.restoreState.set(e.entry.entityId, { state: state.state, event: e.event });
  }

  /**
   * `SensorEntity._update_suggested_precision`: the integration's precision
   * goes into the registry's sensor options, next to the user's
   * `display_precision` (which wins in `list_for_display`'s `dp`).
   */
  private suggestPrecision(entityId: string, precision: number | null): void {
    const sensor: JsonObject = { ...this.hass.entityRegistry.get(entityId)?.options['sensor'] };
    if (sensor['suggested_display_precision'] === (precision ?? undefined)) return;
    delete sensor['suggested_display_precision'];
    if (precision !== null) sensor['suggested_display_precision'] = precision;
    this.hass.entityRegistry.updateOptions(entityId, 'sensor', Object.keys(sensor).length ? sensor : null);
  }

  /** An entity without unique_id gets no registry entry (HA: "cannot be managed from the UI"). */
  private unregisteredEntry(config: EntityConfig, suggested: string, name: string | null): EntityEntry {
    const entityId = this.hass.entityRegistry.availableEntityId(config.platform, suggested);
    return {
      id: '',
      entityId,
      uniqueId: '',
      platform: 'mqtt',
      configEntryId: null,
      deviceId: null,
      areaId: null,
      name: null,
      icon: null,
      originalName: name,
      originalIcon: config.icon,
      originalDeviceClass: config.device_class,
      deviceClass: null,
      entityCategory: config.entity_category,
      hasEntityName: true,
      labels: [],
      aliases: [],
      options: {},
      createdAt: 0,
      modifiedAt: 0,
    };
  }

  private subscribeEntity(e: MqttEntity): void {
    // `<prefix>/#` already covers topics under the prefix; the rest are subscribed one by one.
    const topics = [e.config.state_topic, e.config.json_attributes_topic, e.config.availability_topic].filter(
      (t): t is string => t !== null && !t.startsWith(`${this.prefix}/`),
    );
    if (topics.length && this.client?.connected) this.client.subscribe(topics, { qos: 0 });
  }

  private onEntityMessage(e: MqttEntity, topic: string, payload: string, retain: boolean): void {
    const c = e.config;
    if (topic === c.availability_topic) {
      if (payload === c.payload_available) e.available = true;
      else if (payload === c.payload_not_available) e.available = false;
      else return;
      this.write(e);
    }
    if (topic === c.state_topic && c.platform === 'event') this.onEvent(e, topic, payload, retain);
    else if (topic === c.state_topic) {
      const rendered = c.value_template ? c.value_template.render(payload, TEMPLATE_DEFAULT) : payload;
      const value = rendered === TEMPLATE_DEFAULT ? undefined : this.parseState(c, rendered as string);
      if (value !== undefined) e.value = value;
      // `_state_message_received`: the last_reset template reads the same message, whatever became of the state.
      if (c.last_reset_value_template) {
        const outcome = lastResetFromPayload(topic, payload, c.last_reset_value_template);
        if (outcome.kind === 'set') e.lastReset = outcome.lastReset;
        else if (outcome.log.startsWith('Invalid')) this.warnings.push(outcome.log);
      }
      if (value !== undefined || c.last_reset_value_template) this.write(e);
    }
    if (topic === c.json_attributes_topic) {
      try {
        const parsed: unknown = JSON.parse(payload);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
        const blocked = PLATFORM_ATTRIBUTES_BLOCKED[c.platform];
        e.extra = Object.fromEntries(
          Object.entries(parsed as JsonObject).filter(([k]) => !ATTRIBUTES_BLOCKED.has(k) && !blocked.includes(k)),
        );
        this.write(e);
      } catch {
        // HA logs "Erroneous JSON" and keeps the old attributes.
      }
    }
  }

  private onEvent(e: MqttEntity, topic: string, payload: string, retain: boolean): void {
    const outcome = eventFromPayload(
      { topic, payload, retain },
      { entityId: e.entry.entityId, eventTypes: e.config.event_types ?? [], valueTemplate: e.config.value_template },
    );
    if (outcome.kind === 'ignored') {
      if (outcome.level === 'warning') this.warnings.push(outcome.log);
      return;
    }
    e.event = { time: eventStateTime(Date.now()), type: outcome.eventType, attributes: outcome.attributes };
    this.write(e);
  }

  /** The state string HA would write, null for unknown, undefined to ignore the message. */
  private parseState(c: EntityConfig, payload: string): string | null | undefined {
    if (c.platform === 'binary_sensor') {
      if (payload === c.payload_on) return 'on';
      if (payload === c.payload_off) return 'off';
      return payload === 'None' || payload === '' ? null : undefined;
    }
    if (payload === 'None' || payload === '') return null;
    if (c.device_class === 'timestamp') {
      const t = Date.parse(payload);
      // HA keeps the value as an aware datetime and writes its isoformat in UTC.
      return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace('Z', '000+00:00');
    }
    if (c.device_class === 'monetary' || c.state_class !== null || c.unit_of_measurement !== null) {
      const n = Number(payload);
      return Number.isFinite(n) ? payload : undefined;
    }
    return payload;
  }

  /** `Entity._async_write_ha_state`: capability and entity attributes always, its own ones only while available. */
  private write(e: MqttEntity): void {
    const c = e.config;
    const entry = this.hass.entityRegistry.get(e.entry.entityId) ?? e.entry;
    e.entry = entry;
    const device = entry.deviceId ? this.hass.deviceRegistry.get(entry.deviceId) : undefined;
    const deviceName = device?.nameByUser ?? device?.name ?? null;
    const entityName = entry.name ?? entry.originalName;
    const friendly = entityName ? (deviceName ? `${deviceName} ${entityName}` : entityName) : deviceName;
    // `Entity.__async_calculate_state`: capability attributes, then (while available) state and extra attributes.
    const attrs: JsonObject = {};
    if (c.platform === 'sensor' && c.state_class) attrs.state_class = c.state_class;
    if (c.platform === 'event') attrs.event_types = c.event_types ?? [];
    if (e.available && c.platform === 'sensor' && c.state_class === 'total' && e.lastReset)
      attrs.last_reset = e.lastReset;
    if (e.available && c.platform === 'event') Object.assign(attrs, { event_type: e.event.type }, e.event.attributes);
    if (e.available) Object.assign(attrs, e.extra);
    if (c.unit_of_measurement) attrs.unit_of_measurement = c.unit_of_measurement;
    const deviceClass = entry.deviceClass ?? c.device_class;
    if (deviceClass) attrs.device_class = deviceClass;
    const icon = entry.icon ?? c.icon;
    if (icon) attrs.icon = icon;
    if (friendly) attrs.friendly_name = friendly;
    let state: string;
    if (!e.available) state = 'unavailable';
    else state = (c.platform === 'event' ? e.event.time : e.value) ?? 'unknown';
    this.hass.states.set(entry.entityId, state, attrs, false, newContext(null), {
      unrecordedAttributes: UNRECORDED_ATTRIBUTES[c.platform],
    });
  }

  private removeEntity(e: MqttEntity): void {
    this.saveRestoreState(e);
    this.entities.delete(e.discoveryTopic);
    this.hass.states.remove(e.entry.entityId);
    if (!e.entry.id) return;
    this.hass.entityRegistry.remove(e.entry.entityId);
    const deviceId = e.entry.deviceId;
    // HA removes a discovered device once its last entity went.
    if (deviceId && !this.hass.entityRegistry.all().some((x) => x.deviceId === deviceId))
      this.hass.deviceRegistry.remove(deviceId);
  }

  /** An entity id the user renamed in the registry: HA moves the entity's state to the new id. */
  private renamed(oldId: string, newId: string): void {
    for (const e of this.entities.values()) {
      if (e.entry.entityId !== newId && e.entry.entityId !== oldId) continue;
      e.entry = this.hass.entityRegistry.get(newId) ?? e.entry;
      this.hass.states.remove(oldId);
      this.write(e);
    }
  }
}

/**
 * MQTT discovery messages for HA's MQTT integration, pure: what the companion
 * publishes (retained) for each Item and for itself. The shapes follow HA
 * core's `homeassistant/components/mqtt/` (entity.py's MQTT_ENTITY_COMMON_SCHEMA,
 * sensor.py, binary_sensor.py, button.py), with full key names rather than
 * abbreviations so the payloads read like HA's docs.
 */
import {
  balanceEntityName,
  CONNECTIVITY_SENSOR_ID,
  DEVICE_IDENTIFIER_PREFIX,
  DUE_SENSORS,
  lastRefreshedSensorId,
  refreshButtonId,
  PROJECT_URL,
  slugify,
  totalSensorId,
  totalsByCurrency,
  type BalanceKind,
  type TotalKind,
} from '../../../protocol/index.js';
import { dueEntities, type DueEntity } from '../due-states.js';
import { balanceState, problemState } from '../sensor-states.js';
import type { StoredAccount, StoredItem } from '../../store/token-store.js';
import {
  configTopic,
  itemTopic,
  OFFLINE,
  ONLINE,
  PRESS,
  REFRESH_LEAF,
  STATE_ROOT,
  STATUS_TOPIC,
  type Component,
} from './topics.js';

/** One retained message; an empty payload deletes the retained one (and, for a config, HA's entity). */
export interface RetainedMessage {
  topic: string;
  payload: string;
}

export interface DiscoveryContext {
  prefix: string;
  /** The store's installation id: one companion device per installation. */
  installationId: string;
  version: string;
}

/**
 * HA reads these as the entity's own attributes (`state_class` etc.) or
 * blocks them in json_attributes (MQTT_ATTRIBUTES_BLOCKED: `available` is an
 * Entity property), so publishing them would only be dropped.
 */
const NOT_IN_JSON_ATTRIBUTES = new Set([
  'friendly_name',
  'device_class',
  'state_class',
  'unit_of_measurement',
  'icon',
  'available',
]);

function origin(ctx: DiscoveryContext) {
  return { name: 'plaid-balance-companion', sw_version: ctx.version, support_url: PROJECT_URL };
}

function companionIdentifier(ctx: DiscoveryContext): string {
  return `${DEVICE_IDENTIFIER_PREFIX}companion_${slugify(ctx.installationId)}`;
}

/** An Item's device identifier, and the start of its entities' unique ids. */
function itemIdentifier(item: StoredItem): string {
  return `${DEVICE_IDENTIFIER_PREFIX}${slugify(item.item_id)}`;
}

function itemDevice(item: StoredItem, ctx: DiscoveryContext) {
  return {
    identifiers: [itemIdentifier(item)],
    name: item.institution_name,
    manufacturer: 'Plaid',
    model: 'Bank connection',
    sw_version: ctx.version,
    via_device: companionIdentifier(ctx),
  };
}

function companionDevice(ctx: DiscoveryContext) {
  return {
    identifiers: [companionIdentifier(ctx)],
    name: 'Plaid Balance',
    manufacturer: 'Plaid Balance',
    model: 'Companion',
    sw_version: ctx.version,
  };
}

const availability = { availability_topic: STATUS_TOPIC, payload_available: ONLINE, payload_not_available: OFFLINE };

function config(
  ctx: DiscoveryContext,
  component: Component,
  uniqueId: string,
  body: Record<string, unknown>,
): RetainedMessage {
  const payload = { ...body, unique_id: uniqueId, ...availability, origin: origin(ctx) };
  return { topic: configTopic(ctx.prefix, component, uniqueId), payload: JSON.stringify(payload) };
}

/** HA's MQTT sensor reads `None` as "no value" (unknown); a missing balance is never 0. */
function sensorValue(value: number | string | null): string {
  return value === null ? 'None' : String(value);
}

function entityAttributes(attributes: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(attributes).filter(([k]) => !NOT_IN_JSON_ATTRIBUTES.has(k))));
}

/** One entity of an Item's device that has a state: its leaf under the Item's topics, and the rest of its config. */
interface ItemEntity {
  component: Component;
  leaf: string;
  name: string;
  entityId: string;
  /** Device class, unit, icon…: the config beyond name, ids, device and topics. */
  options: Record<string, unknown>;
  state: string;
  /** Where it has them (balances, problem): its attributes, on a topic of their own. */
  attributes?: object;
}

/** An Item entity's config, then its retained state (and attributes). */
function itemEntityMessages(item: StoredItem, ctx: DiscoveryContext, entity: ItemEntity): RetainedMessage[] {
  const stateTopic = itemTopic(item.item_id, `${entity.leaf}/state`);
  const attributesTopic = itemTopic(item.item_id, `${entity.leaf}/attributes`);
  const { attributes } = entity;
  const messages = [
    config(ctx, entity.component, `${itemIdentifier(item)}_${entity.leaf}`, {
      name: entity.name,
      default_entity_id: entity.entityId,
      device: itemDevice(item, ctx),
      ...entity.options,
      state_topic: stateTopic,
      ...(attributes !== undefined && { json_attributes_topic: attributesTopic }),
    }),
    { topic: stateTopic, payload: entity.state },
  ];
  if (attributes !== undefined) messages.push({ topic: attributesTopic, payload: entityAttributes(attributes) });
  return messages;
}

/**
 * The currency's own decimals (¥ 0, $ 2, BHD 3) as the precision HA shows
 * the sensor with until the user picks one: a fixed 2 gave yen amounts
 * two zeros in HA's UI and in the card. Codes Intl rejects: 2.
 */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function balanceEntity(item: StoredItem, account: StoredAccount, kind: BalanceKind): ItemEntity {
  const s = balanceState(item, account, kind);
  return {
    component: 'sensor',
    leaf: `${slugify(account.account_id)}_${kind}`,
    name: balanceEntityName(account.name, kind),
    entityId: s.entity_id,
    options: {
      device_class: 'monetary',
      state_class: 'total',
      unit_of_measurement: account.currency,
      suggested_display_precision: currencyDecimals(account.currency),
      icon: s.attributes.icon,
    },
    state: sensorValue(account[kind]),
    attributes: s.attributes,
  };
}

/** A due sensor (due-states.ts) under the Item's topics: `<account>_payment_due` and so on. */
function dueEntity(due: DueEntity): ItemEntity {
  const { value } = due;
  const money = due.options.device_class === 'monetary' && due.options.unit_of_measurement;
  return {
    component: due.component,
    leaf: `${slugify(due.attributes.plaid_account_id)}_${DUE_SENSORS[due.field]}`,
    name: due.name,
    entityId: due.entity_id,
    options: { ...due.options, ...(money && { suggested_display_precision: currencyDecimals(money) }) },
    state: typeof value === 'boolean' ? (value ? 'ON' : 'OFF') : sensorValue(value),
    attributes: due.attributes,
  };
}

/** Every config and state of an Item: balances, problem, last refreshed, the Refresh button, cards' and loans' dues. */
export function itemMessages(item: StoredItem, ctx: DiscoveryContext): RetainedMessage[] {
  if (!item.configured) return [];
  const problem = problemState(item);
  const entities: ItemEntity[] = [
    ...item.accounts.flatMap((a) => a.kinds.map((k) => balanceEntity(item, a, k))),
    {
      component: 'binary_sensor',
      leaf: 'problem',
      name: 'Connection problem',
      entityId: problem.entity_id,
      options: { device_class: 'problem', entity_category: 'diagnostic' },
      state: problem.state === 'on' ? 'ON' : 'OFF',
      attributes: problem.attributes,
    },
    {
      component: 'sensor',
      leaf: 'last_refreshed',
      name: 'Last refreshed',
      entityId: lastRefreshedSensorId(item.entity_label),
      options: { device_class: 'timestamp', entity_category: 'diagnostic' },
      state: sensorValue(item.last_refreshed),
    },
    ...dueEntities(item).map(dueEntity),
  ];
  return [
    ...entities.flatMap((e) => itemEntityMessages(item, ctx, e)),
    config(ctx, 'button', `${itemIdentifier(item)}_${REFRESH_LEAF}`, {
      name: 'Refresh balances',
      default_entity_id: refreshButtonId(item.entity_label),
      device: itemDevice(item, ctx),
      icon: 'mdi:refresh',
      command_topic: itemTopic(item.item_id, REFRESH_LEAF),
      payload_press: PRESS,
    }),
  ];
}

/**
 * The same topics with empty payloads: HA deletes the entities (and the device with its last one), the broker the
 * retained states.
 */
export function itemRemovalMessages(item: StoredItem, ctx: DiscoveryContext): RetainedMessage[] {
  return itemMessages({ ...item, configured: true }, ctx).map((m) => ({ topic: m.topic, payload: '' }));
}

const TOTAL_NAMES: Record<TotalKind, string> = { net_worth: 'Net worth', assets: 'Assets', liabilities: 'Liabilities' };

/**
 * The companion's own device: net worth, assets and liabilities per currency
 * (the card's total rule from src/protocol) and the connectivity sensor, on
 * while no Item is failing at Plaid.
 */
export function companionMessages(items: readonly StoredItem[], ctx: DiscoveryContext): RetainedMessage[] {
  const configured = items.filter((i) => i.configured);
  const accounts = configured.flatMap((i) => i.accounts);
  const device = companionDevice(ctx);
  const base = companionIdentifier(ctx);
  const totals = totalsByCurrency(accounts).flatMap((t) =>
    (['net_worth', 'assets', 'liabilities'] as const).flatMap((kind) => {
      const leaf = `totals/${slugify(t.currency)}_${kind}`;
      const value = kind === 'net_worth' ? t.amount : t[kind];
      return [
        config(ctx, 'sensor', `${base}_${kind}_${slugify(t.currency)}`, {
          name: `${TOTAL_NAMES[kind]} ${t.currency}`,
          default_entity_id: totalSensorId(kind, t.currency),
          device,
          device_class: 'monetary',
          state_class: 'total',
          unit_of_measurement: t.currency,
          suggested_display_precision: currencyDecimals(t.currency),
          icon: kind === 'liabilities' ? 'mdi:credit-card-outline' : 'mdi:scale-balance',
          state_topic: `${STATE_ROOT}/${leaf}`,
        }),
        { topic: `${STATE_ROOT}/${leaf}`, payload: String(value) },
      ];
    }),
  );
  const connected = !configured.some((i) => i.status === 'error');
  return [
    ...totals,
    config(ctx, 'binary_sensor', `${base}_connectivity`, {
      name: 'Plaid connection',
      default_entity_id: CONNECTIVITY_SENSOR_ID,
      device,
      device_class: 'connectivity',
      entity_category: 'diagnostic',
      state_topic: `${STATE_ROOT}/connectivity`,
    }),
    { topic: `${STATE_ROOT}/connectivity`, payload: connected ? 'ON' : 'OFF' },
  ];
}

/** Topics in `before` missing from `after` (a currency no account uses any more), as deletions. */
export function vanished(before: readonly RetainedMessage[], after: readonly RetainedMessage[]): RetainedMessage[] {
  const kept = new Set(after.map((m) => m.topic));
  return before.filter((m) => !kept.has(m.topic)).map((m) => ({ topic: m.topic, payload: '' }));
}

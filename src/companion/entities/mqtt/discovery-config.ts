/**
 * What every discovery config of the companion is made of (pure): its
 * devices, availability, origin and unique ids, shared by the balance
 * entities (discovery.ts) and the transaction entities (transaction-discovery.ts).
 */
import { DEVICE_IDENTIFIER_PREFIX, PROJECT_URL, slugify } from '../../../protocol/index.js';
import type { StoredItem } from '../../store/token-store.js';
import type { TransactionsContext } from '../transaction-states.js';
import { configTopic, OFFLINE, ONLINE, STATUS_TOPIC, type Component } from './topics.js';

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
  /** HA's time zone and the time, once HA told its zone: without them no transaction entity is published. */
  transactions?: TransactionsContext;
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

export function origin(ctx: DiscoveryContext) {
  return { name: 'plaid-balance-companion', sw_version: ctx.version, support_url: PROJECT_URL };
}

export function companionIdentifier(ctx: DiscoveryContext): string {
  return `${DEVICE_IDENTIFIER_PREFIX}companion_${slugify(ctx.installationId)}`;
}

/** An Item's device identifier, and the start of its entities' unique ids. */
export function itemIdentifier(item: Pick<StoredItem, 'item_id'>): string {
  return `${DEVICE_IDENTIFIER_PREFIX}${slugify(item.item_id)}`;
}

export function itemDevice(item: StoredItem, ctx: DiscoveryContext) {
  return {
    identifiers: [itemIdentifier(item)],
    name: item.institution_name,
    manufacturer: 'Plaid',
    model: 'Bank connection',
    sw_version: ctx.version,
    via_device: companionIdentifier(ctx),
  };
}

export function companionDevice(ctx: DiscoveryContext) {
  return {
    identifiers: [companionIdentifier(ctx)],
    name: 'Plaid Balance',
    manufacturer: 'Plaid Balance',
    model: 'Companion',
    sw_version: ctx.version,
  };
}

export const availability = {
  availability_topic: STATUS_TOPIC,
  payload_available: ONLINE,
  payload_not_available: OFFLINE,
};

export function config(
  ctx: DiscoveryContext,
  component: Component,
  uniqueId: string,
  body: Record<string, unknown>,
): RetainedMessage {
  const payload = { ...body, unique_id: uniqueId, ...availability, origin: origin(ctx) };
  return { topic: configTopic(ctx.prefix, component, uniqueId), payload: JSON.stringify(payload) };
}

export function entityAttributes(attributes: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(attributes).filter(([k]) => !NOT_IN_JSON_ATTRIBUTES.has(k))));
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

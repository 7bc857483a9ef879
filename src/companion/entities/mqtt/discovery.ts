/**
 * MQTT discovery messages for HA's MQTT integration, pure: what the companion
 * publishes (retained) for each Item and for itself. The shapes follow HA
 * core's `homeassistant/components/mqtt/` (entity.py's MQTT_ENTITY_COMMON_SCHEMA,
 * sensor.py, binary_sensor.py, button.py, event.py), with full key names rather than
 * abbreviations so the payloads read like HA's docs.
 */
import {
  balanceEntityName,
  CONNECTIVITY_SENSOR_ID,
  DUE_SENSORS,
  lastRefreshedSensorId,
  refreshButtonId,
  slugify,
  totalSensorId,
  totalsByCurrency,
  type BalanceKind,
  type TotalKind,
} from '../../../protocol/index.js';
import { dueEntities, type DueEntity } from '../due-states.js';
import { balanceState, problemState } from '../sensor-states.js';
import type { TransactionsItem } from '../transaction-states.js';
import type { StoredAccount, StoredItem } from '../../store/token-store.js';
import {
  companionDevice,
  companionIdentifier,
  config,
  currencyDecimals,
  entityAttributes,
  itemDevice,
  itemIdentifier,
  type DiscoveryContext,
  type RetainedMessage,
} from './discovery-config.js';
import { itemTopic, PRESS, REFRESH_LEAF, STATE_ROOT, type Component } from './topics.js';
import {
  householdTransactionMessages,
  itemTransactionMessages,
  itemTransactionRemovals,
} from './transaction-discovery.js';

export { currencyDecimals, type DiscoveryContext, type RetainedMessage };

/** HA's MQTT sensor reads `None` as "no value" (unknown); a missing balance is never 0. */
function sensorValue(value: number | string | null): string {
  return value === null ? 'None' : String(value);
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

/**
 * Every config and state of an Item: balances, problem, last refreshed, the Refresh button, cards' and loans' dues,
 * and its accounts' transaction entities.
 */
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
    ...itemTransactionMessages(item, ctx),
  ];
}

/**
 * The same topics with empty payloads: HA deletes the entities (and the device with its last one), the broker the
 * retained states.
 */
export function itemRemovalMessages(item: StoredItem, ctx: DiscoveryContext): RetainedMessage[] {
  const balances = itemMessages({ ...item, configured: true }, { ...ctx, transactions: undefined });
  // Whatever its transactions' status now: an Item synced once may have had them.
  const transactions = (item as TransactionsItem).transactions ? itemTransactionRemovals(item, ctx) : [];
  return [...balances.map((m) => ({ topic: m.topic, payload: '' })), ...transactions];
}

const TOTAL_NAMES: Record<TotalKind, string> = { net_worth: 'Net worth', assets: 'Assets', liabilities: 'Liabilities' };

/**
 * The companion's own device: net worth, assets and liabilities per currency
 * (the card's total rule from src/protocol), the connectivity sensor, on
 * while no Item is failing at Plaid, and the household's month sensors.
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
    ...householdTransactionMessages(configured, ctx),
  ];
}

/** Topics in `before` missing from `after` (a currency no account uses any more), as deletions. */
export function vanished(before: readonly RetainedMessage[], after: readonly RetainedMessage[]): RetainedMessage[] {
  const kept = new Set(after.map((m) => m.topic));
  return before.filter((m) => !kept.has(m.topic)).map((m) => ({ topic: m.topic, payload: '' }));
}

/**
 * The transaction entities over MQTT discovery (pure). Per account, in its
 * bank's device: an `event` entity (HA core's mqtt/event.py: the payload is
 * JSON whose `event_type` must be one of `event_types`, every other key
 * becomes an attribute; retained messages are ignored, so events are never
 * retained), two month sensors and the recent list; the household's month
 * sensors in the companion's device.
 *
 * A sensor's state and attributes travel in one retained JSON message on one
 * topic (its `state_topic` and `json_attributes_topic`): HA then writes one
 * state per change, so the recorder keeps one row for each, not two. The
 * state is read with `value_template` and a month sensor's last_reset with
 * `last_reset_value_template` (mqtt/sensor.py renders it against the state
 * topic's payload); `last_reset` is blocked from the attributes by HA
 * (MQTT_SENSOR_ATTRIBUTES_BLOCKED), `value` stays as one.
 */
import { slugify, TRANSACTION_EVENT_TYPES, transactionEventId } from '../../../protocol/index.js';
import type { StoredAccount, StoredItem } from '../../store/token-store.js';
import {
  accountTransactionSensors,
  hasTransactionEntities,
  householdTransactionSensors,
  type TransactionSensor,
  type TransactionsItem,
} from '../transaction-states.js';
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
import { itemTopic, STATE_ROOT } from './topics.js';

export const VALUE_TEMPLATE = '{{ value_json.value }}';
export const LAST_RESET_TEMPLATE = '{{ value_json.last_reset }}';

/** Where an account's transactions are published: never retained, QoS 1. */
export function transactionEventTopic(itemId: string, accountId: string): string {
  return itemTopic(itemId, `${slugify(accountId)}_transactions/event`);
}

/** The unique-id and topic leaf of each of an account's sensors, by the tail of its entity id. */
const SENSOR_LEAVES = ['spending_this_month', 'income_this_month', 'recent_transactions'] as const;

function leafOf(sensor: TransactionSensor): (typeof SENSOR_LEAVES)[number] {
  const leaf = SENSOR_LEAVES.find((l) => sensor.entity_id.endsWith(`_${l}`));
  if (!leaf) throw new Error(`not a transaction sensor: ${sensor.entity_id}`);
  return leaf;
}

function sensorOptions(sensor: TransactionSensor): Record<string, unknown> {
  const unit = sensor.options.unit_of_measurement;
  return {
    ...sensor.options,
    ...(unit !== undefined && sensor.options.device_class === 'monetary'
      ? { suggested_display_precision: currencyDecimals(unit) }
      : {}),
    value_template: VALUE_TEMPLATE,
    ...(sensor.last_reset !== null && { last_reset_value_template: LAST_RESET_TEMPLATE }),
  };
}

function sensorPayload(sensor: TransactionSensor): string {
  const attributes = JSON.parse(entityAttributes(sensor.attributes)) as Record<string, unknown>;
  return JSON.stringify({
    ...attributes,
    value: sensor.value,
    ...(sensor.last_reset !== null && { last_reset: sensor.last_reset }),
  });
}

/** The event entity's unique id: how HA's entity registry knows it however the user renamed it. */
export function transactionEventUniqueId(itemId: string, accountId: string): string {
  return `${itemIdentifier({ item_id: itemId })}_${slugify(accountId)}_transactions`;
}

function eventConfig(item: StoredItem, account: StoredAccount, ctx: DiscoveryContext): RetainedMessage {
  return config(ctx, 'event', transactionEventUniqueId(item.item_id, account.account_id), {
    name: `${account.name} transactions`,
    default_entity_id: transactionEventId(item.entity_label, account.mask, account.account_id),
    device: itemDevice(item, ctx),
    icon: 'mdi:swap-horizontal',
    event_types: [...TRANSACTION_EVENT_TYPES],
    state_topic: transactionEventTopic(item.item_id, account.account_id),
  });
}

/** Every transaction config and retained state of an Item; none while HA's time zone is unknown. */
export function itemTransactionMessages(item: TransactionsItem, ctx: DiscoveryContext): RetainedMessage[] {
  if (!ctx.transactions || !hasTransactionEntities(item)) return [];
  const sensors = accountTransactionSensors(item, ctx.transactions);
  return item.accounts.flatMap((account) => {
    const own = sensors.filter((s) => s.attributes.plaid_account_id === account.account_id);
    return [
      eventConfig(item, account, ctx),
      ...own.flatMap((sensor) => {
        const leaf = `${slugify(account.account_id)}_${leafOf(sensor)}`;
        const topic = itemTopic(item.item_id, leaf);
        return [
          config(ctx, 'sensor', `${itemIdentifier(item)}_${leaf}`, {
            name: sensor.name,
            default_entity_id: sensor.entity_id,
            device: itemDevice(item, ctx),
            ...sensorOptions(sensor),
            state_topic: topic,
            json_attributes_topic: topic,
          }),
          { topic, payload: sensorPayload(sensor) },
        ];
      }),
    ];
  });
}

/** An Item with transactions, for naming its topics whatever its status: they depend on neither time nor zone. */
function asShown(item: StoredItem): TransactionsItem {
  const transactions = { status: 'ok', cursor: null, synced_at: 'any', events_since: null, error: null } as const;
  return { ...item, configured: true, transactions: { ...transactions, skipped: 0, ledger: [], outbox: [] } };
}

const ANY_TIME = { timeZone: 'UTC', now: 0 };

/** An Item's transaction entities as removals (empty retained payloads), whatever its status. */
export function itemTransactionRemovals(item: StoredItem, ctx: DiscoveryContext): RetainedMessage[] {
  const messages = itemTransactionMessages(asShown(item), { ...ctx, transactions: ANY_TIME });
  return messages.map((m) => ({ topic: m.topic, payload: '' }));
}

/** The household's month sensors, per currency, in the companion's device. */
export function householdTransactionMessages(
  items: readonly TransactionsItem[],
  ctx: DiscoveryContext,
): RetainedMessage[] {
  if (!ctx.transactions) return [];
  const device = companionDevice(ctx);
  return householdTransactionSensors(items, ctx.transactions).flatMap((sensor) => {
    const { measure, currency } = sensor.attributes;
    const topic = `${STATE_ROOT}/month/${slugify(currency)}_${measure}`;
    return [
      config(ctx, 'sensor', `${companionIdentifier(ctx)}_${measure}_this_month_${slugify(currency)}`, {
        name: sensor.name,
        default_entity_id: sensor.entity_id,
        device,
        ...sensorOptions(sensor),
        state_topic: topic,
        json_attributes_topic: topic,
      }),
      { topic, payload: sensorPayload(sensor) },
    ];
  });
}

/** The household's month sensors of every currency the Items' accounts use, as removals. */
export function householdTransactionRemovals(items: readonly StoredItem[], ctx: DiscoveryContext): RetainedMessage[] {
  const messages = householdTransactionMessages(items.map(asShown), { ...ctx, transactions: ANY_TIME });
  return messages.map((m) => ({ topic: m.topic, payload: '' }));
}

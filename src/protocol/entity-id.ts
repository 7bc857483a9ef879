import type { BalanceKind } from './attributes.js';

/**
 * HA object ids allow only lower-case a-z, 0-9 and single underscores.
 * Not HA's own slugify (the HA simulator mirrors that one): these are the
 * companion's own ids, so this must never change — a change would rename
 * every user's entities.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'unknown';
}

/** Every object id the companion writes starts with it (`sensor.plaid_…`, `binary_sensor.plaid_…`). */
export const OBJECT_ID_PREFIX = 'plaid_';

/** `sensor.plaid_<institution>_<mask>_<kind>`; no mask → first 6 characters of the account id. */
export function balanceSensorId(
  institutionName: string,
  mask: string | null,
  accountId: string,
  kind: BalanceKind,
): string {
  const tail = mask && mask.trim() ? mask : accountId.slice(0, 6);
  return `sensor.${OBJECT_ID_PREFIX}${slugify(institutionName)}_${slugify(tail)}_${kind}`;
}

/**
 * The name an MQTT balance sensor is announced with (`has_entity_name`: the
 * bank's device gives the first half of HA's friendly name). The card tells a
 * name the user gave the sensor in HA from this one, so it must not change
 * without the card knowing the old one too.
 */
export function balanceEntityName(accountName: string, kind: BalanceKind): string {
  return `${accountName} ${kind === 'current' ? 'balance' : 'available'}`;
}

export function problemSensorId(institutionName: string): string {
  return `binary_sensor.${OBJECT_ID_PREFIX}${slugify(institutionName)}_problem`;
}

/**
 * `sensor.plaid_<institution>_last_refreshed`: one per Item, a timestamp of
 * its last good refresh. Apart from the balance sensors so that a poll that
 * changes nothing else writes one state row in HA's recorder, not one per sensor.
 */
export function lastRefreshedSensorId(institutionName: string): string {
  return `sensor.${OBJECT_ID_PREFIX}${slugify(institutionName)}_last_refreshed`;
}

/** Besides its balance sensors every Item has two: its problem binary sensor and its last-refreshed sensor. */
export const STATUS_SENSORS_PER_ITEM = 2;

/** An Item's sensors by what they say: removing a bank removes both kinds, and the user is told which is which. */
export interface ItemSensorCounts {
  balances: number;
  statuses: number;
}

/**
 * Counts an Item's entity ids (`items/list`'s `entities`): its `_current` and `_available` sensors are its balances.
 */
export function itemSensorCounts(entityIds: readonly string[]): ItemSensorCounts {
  const balances = entityIds.filter((id) => /^sensor\.plaid_\w+_(current|available)$/.test(id)).length;
  return { balances, statuses: entityIds.length - balances };
}

/** The MQTT transport's per-Item control (REST states cannot be pressed). */
export function refreshButtonId(institutionName: string): string {
  return `button.${OBJECT_ID_PREFIX}${slugify(institutionName)}_refresh`;
}

export type TotalKind = 'net_worth' | 'assets' | 'liabilities';

/** The companion device's sensors: `sensor.plaid_net_worth_usd` and so on. */
export function totalSensorId(kind: TotalKind, currency: string): string {
  return `sensor.${OBJECT_ID_PREFIX}${kind}_${slugify(currency)}`;
}

/**
 * Every MQTT device the companion announces has an identifier starting with
 * it (`plaid_balance_<item>`, `plaid_balance_companion_<installation>`); HA's
 * device registry keeps it as `["mqtt", …]` however the user renames the
 * device or its entities. Like the object ids, it must never change.
 */
export const DEVICE_IDENTIFIER_PREFIX = 'plaid_balance_';

export const CONNECTIVITY_SENSOR_ID = 'binary_sensor.plaid_connectivity';

import {
  ATTRIBUTION,
  balanceSensorId,
  lastRefreshedSensorId,
  problemSensorId,
  slugify,
  type BalanceAttributes,
  type BalanceKind,
  type ItemStatus,
  type LastRefreshedAttributes,
  type ProblemAttributes,
} from '../../protocol/index.js';
import { dueDatesMessage } from '../liabilities/due-dates.js';
import type { StoredAccount, StoredItem, StoredItemMeta } from '../store/token-store.js';
import { dueEntities, dueRestState } from './due-states.js';

/** One state as written with `POST /api/states/<entity_id>`. */
export interface EntityState<A = Record<string, unknown>> {
  entity_id: string;
  state: string;
  attributes: A;
}

/** Statuses that need the user (the problem sensor is on). */
const NEEDS_USER: readonly ItemStatus[] = ['login_required', 'pending_expiration'];

export function iconFor(type: string, subtype: string | null): string {
  if (type === 'credit') return 'mdi:credit-card';
  if (type === 'loan') return subtype === 'mortgage' ? 'mdi:home-city' : 'mdi:cash-minus';
  if (type === 'investment' || type === 'brokerage') return 'mdi:chart-line';
  if (subtype === 'savings' || subtype === 'cd' || subtype === 'money market') return 'mdi:piggy-bank';
  return 'mdi:bank';
}

export function balanceEntityId(
  item: Pick<StoredItem, 'entity_label'>,
  account: Pick<StoredAccount, 'mask' | 'account_id'>,
  kind: BalanceKind,
): string {
  return balanceSensorId(item.entity_label, account.mask, account.account_id, kind);
}

export function problemEntityId(item: Pick<StoredItem, 'entity_label'>): string {
  return problemSensorId(item.entity_label);
}

export function lastRefreshedEntityId(item: Pick<StoredItem, 'entity_label'>): string {
  return lastRefreshedSensorId(item.entity_label);
}

/**
 * Every entity id an item owns: one per chosen account and kind, its problem
 * sensor, its last-refreshed sensor and the due sensors of its cards and loans.
 */
export function itemEntityIds(item: StoredItemMeta): string[] {
  const ids = item.accounts.flatMap((a) => a.kinds.map((k) => balanceEntityId(item, a, k)));
  return [...ids, problemEntityId(item), lastRefreshedEntityId(item), ...dueEntities(item).map((e) => e.entity_id)];
}

/**
 * The institution label for a new item's entity ids. Two items at the same
 * institution would otherwise share `binary_sensor.plaid_<institution>_problem`
 * (and, with the same masks, the balance sensors), so later ones get `_2`,
 * `_3`, …: the lowest free number, so the result depends only on the store.
 */
export function entityLabelFor(institutionName: string, others: readonly Pick<StoredItem, 'entity_label'>[]): string {
  const taken = new Set(others.map((o) => slugify(o.entity_label)));
  if (!taken.has(slugify(institutionName))) return institutionName;
  for (let n = 2; ; n++) {
    const label = `${institutionName} ${n}`;
    if (!taken.has(slugify(label))) return label;
  }
}

/** Kinds preselected in the form: `available` only where Plaid gives one that differs from `current`. */
export function suggestedKinds(balances: { current: number | null; available: number | null }): BalanceKind[] {
  if (balances.available !== null && balances.available !== balances.current) return ['current', 'available'];
  return ['current'];
}

function friendlyName(item: StoredItem, account: StoredAccount, kind: BalanceKind): string {
  return `${item.institution_name} ${account.name} ${kind === 'current' ? 'balance' : 'available'}`;
}

function stateOf(value: number | null): string {
  // HA's own word for "no value yet"; a missing balance is never shown as 0.
  return value === null ? 'unknown' : String(value);
}

export function balanceState(
  item: StoredItem,
  account: StoredAccount,
  kind: BalanceKind,
): EntityState<BalanceAttributes> {
  const attributes: BalanceAttributes = {
    friendly_name: friendlyName(item, account, kind),
    device_class: 'monetary',
    state_class: 'total',
    unit_of_measurement: account.currency,
    icon: iconFor(account.type, account.subtype),
    attribution: ATTRIBUTION,
    plaid_balance: 1,
    plaid_item_id: item.item_id,
    plaid_account_id: account.account_id,
    institution_id: item.institution_id,
    institution_name: item.institution_name,
    account_name: account.name,
    official_name: account.official_name,
    mask: account.mask,
    account_type: account.type,
    account_subtype: account.subtype,
    balance_kind: kind,
    current: account.current,
    available: account.available,
    limit: account.limit,
    last_refreshed_entity: lastRefreshedEntityId(item),
    item_status: item.status,
    item_error: item.status === 'ok' ? null : item.error,
  };
  return { entity_id: balanceEntityId(item, account, kind), state: stateOf(account[kind]), attributes };
}

export function problemState(item: StoredItem): EntityState<ProblemAttributes> {
  return {
    entity_id: problemEntityId(item),
    // Only states the user can fix; a bank that is down for an hour is not a problem to act on.
    state: NEEDS_USER.includes(item.status) ? 'on' : 'off',
    attributes: {
      friendly_name: `${item.institution_name} connection problem`,
      device_class: 'problem',
      plaid_item_id: item.item_id,
      institution_id: item.institution_id,
      institution_name: item.institution_name,
      item_status: item.status,
      item_error: item.status === 'ok' ? null : item.error,
      ...(item.due_dates && { due_dates: item.due_dates.status, due_dates_message: dueDatesMessage(item) }),
    },
  };
}

export function lastRefreshedState(item: StoredItem): EntityState<LastRefreshedAttributes> {
  return {
    entity_id: lastRefreshedEntityId(item),
    state: item.last_refreshed ?? 'unknown',
    attributes: {
      friendly_name: `${item.institution_name} last refreshed`,
      device_class: 'timestamp',
      icon: 'mdi:update',
      attribution: ATTRIBUTION,
      plaid_item_id: item.item_id,
      institution_id: item.institution_id,
      institution_name: item.institution_name,
    },
  };
}

/**
 * Every state an item should have in HA right now. Written all at once after
 * each poll: HA records a state row only for a state or attributes that
 * changed, so a poll that changes nothing but the refresh time adds one row.
 */
export function itemStates(item: StoredItem): EntityState[] {
  const balances = item.accounts.flatMap((a) => a.kinds.map((k) => balanceState(item, a, k)));
  const dues = dueEntities(item).map(dueRestState);
  return [...balances, problemState(item), lastRefreshedState(item), ...dues] as EntityState[];
}

/**
 * The plain-words notification shown when an item needs the user to sign in again.
 * HA shows persistent notifications to every user, and only admins have the
 * card's Reconnect button: the message names who can act rather than the button.
 */
export function loginRequiredNotification(item: StoredItem): {
  notification_id: string;
  title: string;
  message: string;
} {
  return {
    notification_id: notificationId(item),
    title: `${item.institution_name}: sign in again`,
    message:
      `Home Assistant can no longer read your balances at ${item.institution_name} ` +
      `because the bank wants you to sign in again. ` +
      `An administrator can reconnect it from the Plaid Balance card. ` +
      `The last known balances stay on your dashboard until then.`,
  };
}

export function notificationId(item: Pick<StoredItem, 'item_id'>): string {
  return `plaid_balance_${slugify(item.item_id)}`;
}

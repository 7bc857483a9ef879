import type { DueDatesStatus } from './due-attributes.js';
import { enums, literal, nullable, number, object, optional, refine, string, type Infer } from 'superstruct';

export const BALANCE_KINDS = ['current', 'available'] as const;
export type BalanceKind = (typeof BALANCE_KINDS)[number];

export const ITEM_STATUSES = ['ok', 'login_required', 'pending_expiration', 'error'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Plaid's account types, in balance-sheet order (the card groups by it); credit and loan balances are money owed. */
export const ACCOUNT_TYPES = ['depository', 'credit', 'loan', 'investment', 'brokerage', 'other'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const LIABILITY_TYPES: readonly AccountType[] = ['credit', 'loan'];

export function isLiabilityType(type: string): boolean {
  return (LIABILITY_TYPES as readonly string[]).includes(type);
}

export const ItemErrorSchema = object({
  error_code: string(),
  display_message: nullable(string()),
});
export type ItemError = Infer<typeof ItemErrorSchema>;

/**
 * The `plaid_*` block of every balance sensor. The card reads only these keys,
 * so the schema is also the card's defence against a malformed state. Keys
 * are only ever added to it, optional: the 0.1.0 card refuses a block without
 * one of its keys, and accepts extra ones (test/protocol/fixtures/ holds every
 * release's block).
 */
const BalanceAttributesFields = object({
  friendly_name: string(),
  device_class: literal('monetary'),
  state_class: literal('total'),
  unit_of_measurement: string(),
  icon: string(),
  attribution: string(),
  plaid_balance: literal(1),
  plaid_item_id: string(),
  plaid_account_id: string(),
  institution_id: string(),
  institution_name: string(),
  account_name: string(),
  official_name: nullable(string()),
  mask: nullable(string()),
  account_type: string(),
  account_subtype: nullable(string()),
  balance_kind: enums(BALANCE_KINDS),
  current: nullable(number()),
  /**
   * Absent on MQTT sensors: HA keeps `available` out of an MQTT entity's
   * json_attributes (MQTT_ATTRIBUTES_BLOCKED, it is an Entity property), so
   * there the amount lives only in the account's `…_available` sensor.
   */
  available: optional(nullable(number())),
  limit: nullable(number()),
  /**
   * The Item's `sensor.plaid_<institution>_last_refreshed`, which holds the
   * time of the last good refresh: kept out of these attributes, so a poll
   * that changes no balance writes no new state row for any balance sensor.
   */
  last_refreshed_entity: optional(string()),
  /**
   * Companions from before 0.1.0 put the time of the last good refresh on
   * every balance sensor instead of last_refreshed_entity; those sensors are
   * still read.
   */
  last_refreshed: optional(nullable(string())),
  item_status: enums(ITEM_STATUSES),
  item_error: optional(nullable(ItemErrorSchema)),
});
export const BalanceAttributesSchema = refine(
  BalanceAttributesFields,
  'last refresh',
  (a) => a.last_refreshed_entity !== undefined || a.last_refreshed !== undefined,
);
export type BalanceAttributes = Infer<typeof BalanceAttributesSchema>;

/**
 * Each attribute's check: a `typeof` name, with `?` when null is allowed too,
 * or the list of allowed values. Mirrors BalanceAttributesSchema key by key.
 */
const CHECKS: Record<string, string | readonly unknown[]> = {
  friendly_name: 'string',
  device_class: ['monetary'],
  state_class: ['total'],
  unit_of_measurement: 'string',
  icon: 'string',
  attribution: 'string',
  plaid_balance: [1],
  plaid_item_id: 'string',
  plaid_account_id: 'string',
  institution_id: 'string',
  institution_name: 'string',
  account_name: 'string',
  official_name: 'string?',
  mask: 'string?',
  account_type: 'string',
  account_subtype: 'string?',
  balance_kind: BALANCE_KINDS,
  current: 'number?',
  available: 'number?',
  limit: 'number?',
  last_refreshed_entity: 'string',
  last_refreshed: 'string?',
  item_status: ITEM_STATUSES,
};

/** The keys of CHECKS that may be missing altogether (superstruct's optional()). */
const OPTIONAL_KEYS = new Set(['available', 'last_refreshed_entity', 'last_refreshed']);

function fits(value: unknown, check: string | readonly unknown[]): boolean {
  if (typeof check !== 'string') return check.includes(value);
  if (value === null) return check.endsWith('?');
  // `value === value` rejects NaN, as superstruct's number() does.
  return typeof value === check.replace('?', '') && value === value;
}

/**
 * The same answer as `validate(raw, BalanceAttributesSchema, {mask: true})`
 * (other keys allowed), without superstruct: the card checks every sensor it
 * shows, and superstruct takes ~40 µs an object where this takes about 1.
 * test/protocol/attributes.test.ts holds the two equal.
 */
export function isBalanceAttributes(raw: unknown): raw is BalanceAttributes {
  if (typeof raw !== 'object' || raw === null) return false;
  const a = raw as Record<string, unknown>;
  for (const key in CHECKS)
    if (!(a[key] === undefined && OPTIONAL_KEYS.has(key)) && !fits(a[key], CHECKS[key])) return false;
  if (a.last_refreshed_entity === undefined && a.last_refreshed === undefined) return false;
  const e = a.item_error as Record<string, unknown> | null | undefined;
  return e == null || (typeof e === 'object' && fits(e.error_code, 'string') && fits(e.display_message, 'string?'));
}

/**
 * Attributes of `sensor.plaid_<institution>_last_refreshed`, whose state is
 * the ISO time of the Item's last good refresh (`unknown` before the first).
 * HA shows a `timestamp` sensor as "5 minutes ago"; it is diagnostic, not a balance.
 */
export interface LastRefreshedAttributes {
  friendly_name: string;
  device_class: 'timestamp';
  icon: string;
  attribution: string;
  plaid_item_id: string;
  institution_id: string;
  institution_name: string;
}

/** Attributes of `binary_sensor.plaid_<institution>_problem`. */
export interface ProblemAttributes {
  friendly_name: string;
  device_class: 'problem';
  plaid_item_id: string;
  institution_id: string;
  institution_name: string;
  item_status: ItemStatus;
  item_error: ItemError | null;
  /** Only on an Item whose user asked for payment due dates: what became of them, and why in words if not `ok`. */
  due_dates?: DueDatesStatus;
  due_dates_message?: string | null;
}

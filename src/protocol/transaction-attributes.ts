/**
 * Money in motion as HA sees it: each account's transaction event entity (and,
 * without a broker, the bus event), its month sensors and its recent list.
 * The card finds an account's entities by their markers and account id, as it
 * finds due sensors; the blueprints hold automations to these names.
 */
import { array, boolean, enums, literal, nullable, number, string, type, type Infer } from 'superstruct';
import { OBJECT_ID_PREFIX, slugify } from './entity-id.js';

/** The bus event a companion without a broker fires once per new transaction. */
export const TRANSACTION_EVENT = 'plaid_balance_transaction';

/**
 * What kind of money movement a transaction is, from Plaid's
 * personal_finance_category and the amount's sign. `transfer`, `deposit` and
 * `payment` (a card or loan paid) move money between the household's own
 * accounts: neither spending nor income.
 */
export const TRANSACTION_EVENT_TYPES = [
  'purchase',
  'refund',
  'income',
  'deposit',
  'transfer',
  'payment',
  'fee',
] as const;
export type TransactionEventType = (typeof TRANSACTION_EVENT_TYPES)[number];

/** Money leaving the account (`out`) or arriving (`in`); amounts are never signed. */
export const DIRECTIONS = ['out', 'in'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The recent list keeps this many days, at most RECENT_MAX per account: HA's recorder drops attributes over 16 KB. */
export const RECENT_DAYS = 30;
export const RECENT_MAX = 100;

/**
 * One transaction as an event carries it: the MQTT event entity's attributes
 * (its payload less `event_type`) and the bus event's data.
 */
export const TransactionEventDataSchema = type({
  plaid_balance_transaction: literal(1),
  event_type: enums(TRANSACTION_EVENT_TYPES),
  transaction_id: string(),
  /** The amount without sign; `direction` says which way it went. */
  amount: number(),
  direction: enums(DIRECTIONS),
  currency: string(),
  /** The merchant's name where Plaid knows it, else the bank's description. */
  name: string(),
  merchant: nullable(string()),
  /** Plaid's personal_finance_category: `FOOD_AND_DRINK`, `FOOD_AND_DRINK_GROCERIES`. */
  category: nullable(string()),
  category_detailed: nullable(string()),
  pending: boolean(),
  /** YYYY-MM-DD, the bank's calendar day. */
  date: string(),
  account: string(),
  mask: nullable(string()),
  institution_name: string(),
  plaid_item_id: string(),
  plaid_account_id: string(),
  /** The account's balance sensor (its first kind's), as the companion named it. */
  balance_entity: string(),
});
export type TransactionEventData = Infer<typeof TransactionEventDataSchema>;

/** A month sensor's block: per account (ids set) or the household's per currency (ids null). */
export const MonthAttributesSchema = type({
  friendly_name: string(),
  plaid_balance_month: literal(1),
  measure: enums(['spending', 'income'] as const),
  currency: string(),
  /** YYYY-MM in HA's time zone. */
  month: string(),
  /** The same measure last month up to this day of the month, and last month in all. */
  previous_month_to_date: number(),
  previous_month_total: number(),
  plaid_item_id: nullable(string()),
  plaid_account_id: nullable(string()),
  balance_entity: nullable(string()),
});
export type MonthAttributes = Infer<typeof MonthAttributesSchema>;

export const RecentTransactionSchema = type({
  date: string(),
  name: string(),
  amount: number(),
  direction: enums(DIRECTIONS),
  event_type: enums(TRANSACTION_EVENT_TYPES),
  category: nullable(string()),
  pending: boolean(),
});
export type RecentTransaction = Infer<typeof RecentTransactionSchema>;

/** The recent-transactions sensor's block; its state is how many the list holds. */
export const RecentAttributesSchema = type({
  friendly_name: string(),
  plaid_balance_recent: literal(1),
  currency: string(),
  plaid_item_id: string(),
  plaid_account_id: string(),
  balance_entity: string(),
  /** Newest first: the last RECENT_DAYS days, at most RECENT_MAX. */
  transactions: array(RecentTransactionSchema),
});
export type RecentAttributes = Infer<typeof RecentAttributesSchema>;

function accountObjectId(institutionName: string, mask: string | null, accountId: string): string {
  const tail = mask && mask.trim() ? mask : accountId.slice(0, 6);
  return `${OBJECT_ID_PREFIX}${slugify(institutionName)}_${slugify(tail)}`;
}

/** `event.plaid_<institution>_<mask>_transactions`. */
export function transactionEventId(institutionName: string, mask: string | null, accountId: string): string {
  return `event.${accountObjectId(institutionName, mask, accountId)}_transactions`;
}

/** `sensor.plaid_<institution>_<mask>_spending_this_month` / `…_income_this_month`. */
export function accountMonthSensorId(
  institutionName: string,
  mask: string | null,
  accountId: string,
  measure: MonthAttributes['measure'],
): string {
  return `sensor.${accountObjectId(institutionName, mask, accountId)}_${measure}_this_month`;
}

/** `sensor.plaid_spending_this_month_usd`: the household's, per currency. */
export function householdMonthSensorId(measure: MonthAttributes['measure'], currency: string): string {
  return `sensor.${OBJECT_ID_PREFIX}${measure}_this_month_${slugify(currency)}`;
}

/** `sensor.plaid_<institution>_<mask>_recent_transactions`. */
export function recentTransactionsSensorId(institutionName: string, mask: string | null, accountId: string): string {
  return `sensor.${accountObjectId(institutionName, mask, accountId)}_recent_transactions`;
}

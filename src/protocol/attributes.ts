import { enums, literal, nullable, number, object, optional, string, type Infer } from 'superstruct';

export const BALANCE_KINDS = ['current', 'available'] as const;
export type BalanceKind = (typeof BALANCE_KINDS)[number];

export const ITEM_STATUSES = ['ok', 'login_required', 'pending_expiration', 'error'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Plaid's account types; credit and loan balances are money owed. */
export const ACCOUNT_TYPES = ['depository', 'credit', 'loan', 'investment', 'brokerage', 'other'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const LIABILITY_TYPES: readonly AccountType[] = ['credit', 'loan'];

export const ItemErrorSchema = object({
  error_code: string(),
  display_message: nullable(string()),
});
export type ItemError = Infer<typeof ItemErrorSchema>;

/**
 * The `plaid_*` block of every balance sensor. The card reads only these keys,
 * so the schema is also the card's defence against a malformed state.
 */
export const BalanceAttributesSchema = object({
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
  available: nullable(number()),
  limit: nullable(number()),
  last_refreshed: nullable(string()),
  item_status: enums(ITEM_STATUSES),
  item_error: optional(nullable(ItemErrorSchema)),
});
export type BalanceAttributes = Infer<typeof BalanceAttributesSchema>;

/** Attributes of `binary_sensor.plaid_<institution>_problem`. */
export interface ProblemAttributes {
  friendly_name: string;
  device_class: 'problem';
  plaid_item_id: string;
  institution_id: string;
  institution_name: string;
  item_status: ItemStatus;
  item_error: ItemError | null;
}

/**
 * The sensors of a credit card's or loan's payment due (Plaid Liabilities):
 * their ids and the one attribute block they all carry. The balance sensors'
 * block stays as it was; the card finds an account's due by this block's
 * marker and account id.
 */
import { boolean, literal, nullable, number, string, type, type Infer } from 'superstruct';
import { OBJECT_ID_PREFIX, slugify } from './entity-id.js';

/**
 * What became of an Item's last /liabilities/get: `pending` before the first
 * answer, `not_supported` where the bank has no Liabilities, `not_consented`
 * where the user did not consent to it (update mode adds the consent).
 */
export const DUE_DATES_STATUSES = ['pending', 'ok', 'not_supported', 'not_consented', 'error'] as const;
export type DueDatesStatus = (typeof DUE_DATES_STATUSES)[number];

/** Each due sensor's object-id suffix after the account's `plaid_<institution>_<mask>_`. */
export const DUE_SENSORS = {
  next_payment_due_date: 'payment_due',
  minimum_payment: 'minimum_payment',
  last_statement_balance: 'statement_balance',
  apr: 'apr',
  is_overdue: 'overdue',
} as const;
export type DueField = keyof typeof DUE_SENSORS;

/** `sensor.plaid_<institution>_<mask>_payment_due` and so on; `binary_sensor.…_overdue`. */
export function dueSensorId(institutionName: string, mask: string | null, accountId: string, field: DueField): string {
  const tail = mask && mask.trim() ? mask : accountId.slice(0, 6);
  const domain = field === 'is_overdue' ? 'binary_sensor' : 'sensor';
  return `${domain}.${OBJECT_ID_PREFIX}${slugify(institutionName)}_${slugify(tail)}_${DUE_SENSORS[field]}`;
}

/**
 * Every due sensor of an account carries the whole due, so the card reads one
 * sensor per row. `type()`: HA's own keys (device_class, unit…) come along.
 */
export const DueAttributesSchema = type({
  friendly_name: string(),
  attribution: string(),
  plaid_balance_due: literal(1),
  /** The account's balance sensor (its first kind's), as the companion named it. */
  balance_entity: string(),
  plaid_item_id: string(),
  plaid_account_id: string(),
  currency: string(),
  /** YYYY-MM-DD, the bank's calendar day. */
  next_payment_due_date: nullable(string()),
  minimum_payment: nullable(number()),
  last_statement_balance: nullable(number()),
  /** YYYY-MM-DD. */
  last_statement_date: nullable(string()),
  /** Percent: a card's purchase APR, a loan's interest rate. */
  apr: nullable(number()),
  is_overdue: nullable(boolean()),
});
export type DueAttributes = Infer<typeof DueAttributesSchema>;

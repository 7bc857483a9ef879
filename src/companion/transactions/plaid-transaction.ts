/**
 * The edge where Plaid's transactions enter the companion: one schema for the
 * fields it uses, checked on each transaction of a /transactions/sync page.
 * One Plaid sends malformed is skipped (and counted by the sync), never trusted
 * and never allowed to stop the sync. The SDK's types are not a check: they
 * describe what Plaid should send, not what arrived.
 */
import { boolean, nullable, number, optional, pattern, string, type, validate, type Infer } from 'superstruct';
import type { LedgerEntry } from './item-transactions.js';

const DAY = pattern(string(), /^\d{4}-\d{2}-\d{2}$/);
const ID = pattern(string(), /\S/);

const PlaidTransactionSchema = type({
  transaction_id: ID,
  account_id: ID,
  amount: number(),
  iso_currency_code: optional(nullable(string())),
  unofficial_currency_code: optional(nullable(string())),
  date: DAY,
  authorized_date: optional(nullable(DAY)),
  name: optional(nullable(string())),
  merchant_name: optional(nullable(string())),
  pending: boolean(),
  pending_transaction_id: optional(nullable(string())),
  personal_finance_category: optional(nullable(type({ primary: string(), detailed: optional(nullable(string())) }))),
});
export type PlaidTransactionFields = Infer<typeof PlaidTransactionSchema>;

const PlaidRemovedSchema = type({ transaction_id: ID });

/** A transaction as the window takes it: its ledger entry and the pending one it posts (if any). */
export interface ParsedTransaction {
  entry: LedgerEntry;
  /** Plaid's pending_transaction_id: the pending transaction this posted one replaces. */
  replaces: string | null;
}

/** The transaction's fields the companion uses, or null when Plaid sent it malformed. */
export function checkPlaidTransaction(raw: unknown): PlaidTransactionFields | null {
  const [err, value] = validate(raw, PlaidTransactionSchema);
  return err ? null : value;
}

/** A removed transaction's id, or null when malformed. */
export function checkPlaidRemoved(raw: unknown): string | null {
  const [err, value] = validate(raw, PlaidRemovedSchema);
  return err ? null : value.transaction_id;
}

/**
 * To the ledger's shape. `accountCurrency` stands in where Plaid gives no
 * currency code on the transaction, as it does for the account's balances.
 */
export function toParsedTransaction(t: PlaidTransactionFields, accountCurrency: string): ParsedTransaction {
  const merchant = t.merchant_name?.trim() ? t.merchant_name : null;
  const description = t.name?.trim() ? t.name : '';
  const category = t.personal_finance_category;
  return {
    entry: {
      transaction_id: t.transaction_id,
      account_id: t.account_id,
      // The day the purchase was made, which is the day the user remembers.
      date: t.authorized_date ?? t.date,
      amount: t.amount,
      currency: t.iso_currency_code ?? t.unofficial_currency_code ?? accountCurrency,
      name: merchant ?? description,
      merchant,
      category: category?.primary ?? null,
      category_detailed: category?.detailed ?? null,
      pending: t.pending,
    },
    replaces: t.pending_transaction_id?.trim() ? t.pending_transaction_id : null,
  };
}

/**
 * What the companion keeps of an Item's transactions: the sync cursor, the
 * transactions the month sensors and the recent list still need (the window
 * from the first day of last month), and the events HA has not yet confirmed.
 * Never the whole history: a two-year first sync passes through the window.
 */
import type { ItemError, TransactionEventData } from '../../protocol/index.js';

/**
 * `pending` before the first sync; `not_ready` while Plaid's first pull runs
 * (PRODUCT_NOT_READY, retried quietly); `not_enabled` where the Item was linked
 * without Transactions; `off` where the user set TRANSACTIONS=off.
 */
export const TRANSACTIONS_STATUSES = ['pending', 'ok', 'not_ready', 'not_enabled', 'off', 'error'] as const;
export type TransactionsStatus = (typeof TRANSACTIONS_STATUSES)[number];

/** One transaction inside the window, as the companion needs it. */
export interface LedgerEntry {
  transaction_id: string;
  account_id: string;
  /** YYYY-MM-DD: Plaid's authorized_date where it has one, else its date. */
  date: string;
  /** Plaid's sign: positive is money out of the account. */
  amount: number;
  currency: string;
  /** The merchant's name where Plaid knows it, else the bank's description. */
  name: string;
  merchant: string | null;
  category: string | null;
  category_detailed: string | null;
  pending: boolean;
}

export interface ItemTransactions {
  status: TransactionsStatus;
  /** Plaid's /transactions/sync cursor after the last complete sync; null before the first. */
  cursor: string | null;
  synced_at: string | null;
  /**
   * YYYY-MM-DD: transactions dated before it never fire an event. Set at the
   * first complete sync, so neither that sync nor Plaid's later backfill of
   * older history replays the past.
   */
  events_since: string | null;
  error: ItemError | null;
  /** Transactions Plaid sent malformed and the sync skipped, since the Item was linked. */
  skipped: number;
  /** Newest first. */
  ledger: LedgerEntry[];
  /** Events recorded with the cursor that moved past them, oldest first, until HA confirms each. */
  outbox: TransactionEventData[];
}

/** An account's month as its sensors show it, in the account's currency. */
export interface MonthFigures {
  /** YYYY-MM in HA's time zone. */
  month: string;
  /** The month's start in HA's time zone, ISO 8601: the sensors' last_reset. */
  last_reset: string;
  spending: number;
  income: number;
  previous_spending_to_date: number;
  previous_spending_total: number;
  previous_income_to_date: number;
  previous_income_total: number;
}

/** What an event carries for a new transaction, from the ledger entry and the account it belongs to; pure. */
import type { TransactionEventData } from '../../protocol/index.js';
import { balanceEntityId } from '../entities/sensor-states.js';
import type { StoredItem } from '../store/store-file.js';
import { directionOf, eventTypeOf } from './classification.js';
import type { ItemTransactions, LedgerEntry } from './item-transactions.js';

/**
 * At most this many events wait for HA per Item. HA away for weeks would
 * otherwise grow the store without end; beyond it the oldest are dropped (an
 * automation woken weeks late by a purchase is of little use), and the sync
 * says how many at warn level.
 */
export const OUTBOX_MAX = 1000;

/** Null when the account is not one the user kept for this Item. */
export function transactionEvent(item: StoredItem, entry: LedgerEntry): TransactionEventData | null {
  const account = item.accounts.find((a) => a.account_id === entry.account_id);
  if (!account) return null;
  return {
    plaid_balance_transaction: 1,
    event_type: eventTypeOf(entry),
    transaction_id: entry.transaction_id,
    amount: Math.abs(entry.amount),
    direction: directionOf(entry),
    currency: entry.currency,
    name: entry.name,
    merchant: entry.merchant,
    category: entry.category,
    category_detailed: entry.category_detailed,
    pending: entry.pending,
    date: entry.date,
    account: account.name,
    mask: account.mask,
    institution_name: item.institution_name,
    plaid_item_id: item.item_id,
    plaid_account_id: account.account_id,
    balance_entity: balanceEntityId(item, account, account.kinds[0] ?? 'current'),
  };
}

/**
 * The outbox with `events` appended: an event already waiting for the same
 * transaction is not added twice, and the oldest beyond OUTBOX_MAX go.
 */
export function appendToOutbox(
  outbox: readonly TransactionEventData[],
  events: readonly TransactionEventData[],
): { outbox: TransactionEventData[]; dropped: number } {
  const waiting = new Set(outbox.map((e) => e.transaction_id));
  const next = [...outbox, ...events.filter((e) => !waiting.has(e.transaction_id))];
  const dropped = Math.max(0, next.length - OUTBOX_MAX);
  return { outbox: next.slice(dropped), dropped };
}

/** An Item's transactions before its first sync. */
export function emptyItemTransactions(status: ItemTransactions['status']): ItemTransactions {
  return {
    status,
    cursor: null,
    synced_at: null,
    events_since: null,
    error: null,
    skipped: 0,
    ledger: [],
    outbox: [],
  };
}

import type { TransactionsItem } from '../../../src/companion/entities/transaction-states.js';
import type { ItemTransactions, LedgerEntry } from '../../../src/companion/transactions/item-transactions.js';
import type { TransactionEventData } from '../../../src/protocol/index.js';
import { storedItem } from './fixtures.js';

/** The fixtures' Item as the sync leaves it: synced, with a ledger and an outbox given by the test. */
export function transactionsItem(tx: Partial<ItemTransactions> = {}, over = {}): TransactionsItem {
  return {
    ...storedItem(over),
    transactions: {
      status: 'ok',
      cursor: 'cursor-1',
      synced_at: '2026-12-10T08:00:00.000Z',
      events_since: '2026-11-01',
      error: null,
      skipped: 0,
      ledger: [],
      outbox: [],
      ...tx,
    },
  };
}

export function ledgerEntry(over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    transaction_id: 'tx-1',
    account_id: 'acc-checking-1',
    date: '2026-12-09',
    amount: 12.5,
    currency: 'USD',
    name: 'Coffee Corner',
    merchant: 'Coffee Corner',
    category: 'FOOD_AND_DRINK',
    category_detailed: 'FOOD_AND_DRINK_COFFEE',
    pending: false,
    ...over,
  };
}

/** An event as the sync records it in the outbox. */
export function transactionEvent(over: Partial<TransactionEventData> = {}): TransactionEventData {
  return {
    plaid_balance_transaction: 1,
    event_type: 'purchase',
    transaction_id: 'tx-1',
    amount: 12.5,
    direction: 'out',
    currency: 'USD',
    name: 'Coffee Corner',
    merchant: 'Coffee Corner',
    category: 'FOOD_AND_DRINK',
    category_detailed: 'FOOD_AND_DRINK_COFFEE',
    pending: false,
    date: '2026-12-09',
    account: 'Plaid Checking',
    mask: '0000',
    institution_name: 'First Platypus Bank',
    plaid_item_id: 'item-aaaa1111',
    plaid_account_id: 'acc-checking-1',
    balance_entity: 'sensor.plaid_first_platypus_bank_0000_current',
    ...over,
  };
}

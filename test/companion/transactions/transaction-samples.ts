// Plaid transactions as /transactions/sync sends them (the simulator's builder,
// so every field Plaid has is there) and their ledger entries, for the sync's tests.
import type { LedgerEntry } from '../../../src/companion/transactions/item-transactions.js';
import { transactionBody, type PlaidTransaction } from '../../../simulators/plaid/transaction-body.js';

export interface SampleTransaction {
  id: string;
  date: string;
  amount?: number;
  account?: string;
  name?: string;
  merchant?: string | null;
  pending?: boolean;
  replaces?: string | null;
  category?: [string, string];
}

export function plaidTransaction(t: SampleTransaction): PlaidTransaction {
  const [primary, detailed] = t.category ?? ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'];
  return transactionBody(
    {
      name: t.name ?? 'STARBUCKS 1234',
      merchant_name: t.merchant === undefined ? 'Starbucks' : t.merchant,
      amount: t.amount ?? 4.5,
      payment_channel: 'in store',
      transaction_type: 'place',
      category: [primary, detailed, 'HIGH'],
      authorizedDaysEarlier: 0,
    },
    {
      transaction_id: t.id,
      account_id: t.account ?? 'acc-checking-1',
      iso_currency_code: 'USD',
      date: t.date,
      authorized_date: t.date,
      pending: t.pending ?? false,
      pending_transaction_id: t.replaces ?? null,
    },
  );
}

export function ledgerEntry(t: SampleTransaction): LedgerEntry {
  const [category, detailed] = t.category ?? ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'];
  const merchant = t.merchant === undefined ? 'Starbucks' : t.merchant;
  return {
    transaction_id: t.id,
    account_id: t.account ?? 'acc-checking-1',
    date: t.date,
    amount: t.amount ?? 4.5,
    currency: 'USD',
    name: merchant ?? t.name ?? 'STARBUCKS 1234',
    merchant,
    category,
    category_detailed: detailed,
    pending: t.pending ?? false,
  };
}

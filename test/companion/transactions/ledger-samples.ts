import type { LedgerEntry } from '../../../src/companion/transactions/item-transactions.js';

/** A ledger entry with the fields a test does not care about filled in. */
export function entry(
  date: string,
  amount: number,
  category: string | null,
  more: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    transaction_id: `tx_${date}_${amount}_${category ?? 'none'}`,
    account_id: 'acc_1',
    date,
    amount,
    currency: 'USD',
    name: 'Shop',
    merchant: null,
    category,
    category_detailed: null,
    pending: false,
    ...more,
  };
}

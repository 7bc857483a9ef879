import { isLiability, type Account } from './accounts.js';
import type { Show } from './card-config.js';

export interface CurrencyTotal {
  currency: string;
  /** Net worth: assets minus debts. */
  amount: number;
  assets: number;
  /** What is owed, as a positive number. */
  debts: number;
  accounts: number;
}

/**
 * Net worth per currency. A liability always counts with its `current`
 * balance (what is owed): a card's available credit is not money you have.
 * Sums run in cents so 0.1 + 0.2 does not print as 0.30000000000000004.
 */
export function totalsByCurrency(accounts: readonly Account[], show: Show): CurrencyTotal[] {
  const cents = new Map<string, { assets: number; debts: number; count: number }>();
  for (const account of accounts) {
    if (!account.currency || account.unavailable) continue;
    const liability = isLiability(account);
    const value = liability || show !== 'available' ? account.current : account.available;
    if (value === null) continue;
    const entry = cents.get(account.currency) ?? { assets: 0, debts: 0, count: 0 };
    if (liability) entry.debts += Math.round(value * 100);
    else entry.assets += Math.round(value * 100);
    entry.count += 1;
    cents.set(account.currency, entry);
  }
  return [...cents.entries()]
    .map(([currency, { assets, debts, count }]) => ({
      currency,
      amount: (assets - debts) / 100,
      assets: assets / 100,
      debts: debts / 100,
      accounts: count,
    }))
    .sort((a, b) => b.accounts - a.accounts || a.currency.localeCompare(b.currency));
}

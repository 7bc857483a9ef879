import { isLiability, type Account } from './accounts.js';
import type { Show } from './card-config.js';

export interface CurrencyTotal {
  currency: string;
  amount: number;
  accounts: number;
}

/**
 * Net worth per currency. A liability always counts with its `current`
 * balance (what is owed): a card's available credit is not money you have.
 * Sums run in cents so 0.1 + 0.2 does not print as 0.30000000000000004.
 */
export function totalsByCurrency(accounts: readonly Account[], show: Show): CurrencyTotal[] {
  const cents = new Map<string, { sum: number; count: number }>();
  for (const account of accounts) {
    if (!account.currency || account.unavailable) continue;
    const liability = isLiability(account);
    const value = liability || show !== 'available' ? account.current : account.available;
    if (value === null) continue;
    const entry = cents.get(account.currency) ?? { sum: 0, count: 0 };
    entry.sum += Math.round(value * 100) * (liability ? -1 : 1);
    entry.count += 1;
    cents.set(account.currency, entry);
  }
  return [...cents.entries()]
    .map(([currency, { sum, count }]) => ({ currency, amount: sum / 100, accounts: count }))
    .sort((a, b) => b.accounts - a.accounts || a.currency.localeCompare(b.currency));
}

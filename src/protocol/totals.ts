import { LIABILITY_TYPES } from './attributes.js';

/** What the totals need of an account, whether the card read it from a sensor or the companion from its store. */
export interface TotalsInput {
  currency: string;
  type: string;
  current: number | null;
  available: number | null;
}

export interface CurrencyTotals {
  currency: string;
  /** Assets minus liabilities. */
  net: number;
  assets: number;
  /** What is owed, as a positive amount. */
  liabilities: number;
  accounts: number;
}

export function isLiabilityType(type: string): boolean {
  return (LIABILITY_TYPES as readonly string[]).includes(type);
}

/**
 * Totals per currency, the one rule the card's total row and the companion's
 * net-worth sensors share: a liability (credit, loan) always counts with its
 * `current` balance, what is owed, and subtracts; a card's available credit is
 * not money you have. Assets count `available` only when asked to. Sums run in
 * cents so 0.1 + 0.2 does not print as 0.30000000000000004. Sorted by the
 * number of accounts, then currency code.
 */
export function totalsByCurrency(accounts: readonly TotalsInput[], assetsUseAvailable = false): CurrencyTotals[] {
  const cents = new Map<string, { assets: number; liabilities: number; count: number }>();
  for (const account of accounts) {
    if (!account.currency) continue;
    const liability = isLiabilityType(account.type);
    const value = liability || !assetsUseAvailable ? account.current : account.available;
    if (value === null) continue;
    const entry = cents.get(account.currency) ?? { assets: 0, liabilities: 0, count: 0 };
    if (liability) entry.liabilities += Math.round(value * 100);
    else entry.assets += Math.round(value * 100);
    entry.count += 1;
    cents.set(account.currency, entry);
  }
  return [...cents.entries()]
    .map(([currency, e]) => ({ currency, net: (e.assets - e.liabilities) / 100, assets: e.assets / 100, liabilities: e.liabilities / 100, accounts: e.count }))
    .sort((a, b) => b.accounts - a.accounts || a.currency.localeCompare(b.currency));
}

import { isLiabilityType } from './attributes.js';

/** What the totals need of an account, whether the card read it from a sensor or the companion from its store. */
export interface TotalsInput {
  /** Null (a sensor without a unit): not counted. */
  currency: string | null;
  type: string;
  current: number | null;
  available: number | null;
}

export interface CurrencyTotal {
  currency: string;
  /** Net worth: assets minus liabilities. */
  amount: number;
  assets: number;
  /** What is owed, as a positive amount. */
  liabilities: number;
  accounts: number;
}

/**
 * Totals per currency, the one rule the card's total row and the companion's
 * net-worth sensors share: a liability (credit, loan) always counts with its
 * `current` balance, what is owed, and subtracts; a card's available credit is
 * not money you have. Assets count `available` only when asked to. Sums run in
 * cents so 0.1 + 0.2 does not print as 0.30000000000000004. Sorted by the
 * number of accounts, then currency code. (Terse: it ships in the card bundle.)
 */
export function totalsByCurrency(accounts: readonly TotalsInput[], assetsUseAvailable = false): CurrencyTotal[] {
  // Per currency: [asset cents, liability cents, accounts].
  const sums = new Map<string, number[]>();
  for (const a of accounts) {
    const liability = isLiabilityType(a.type);
    const value = liability || !assetsUseAvailable ? a.current : a.available;
    if (!a.currency || value === null) continue;
    const sum = sums.get(a.currency) ?? [0, 0, 0];
    sum[liability ? 1 : 0] += Math.round(value * 100);
    sum[2]++;
    sums.set(a.currency, sum);
  }
  return [...sums]
    .map(([currency, [assets = 0, liabilities = 0, count = 0]]) => ({
      currency,
      amount: (assets - liabilities) / 100,
      assets: assets / 100,
      liabilities: liabilities / 100,
      accounts: count,
    }))
    .sort((a, b) => b.accounts - a.accounts || a.currency.localeCompare(b.currency));
}

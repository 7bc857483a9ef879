import { totalsByCurrency as sharedTotals, type CurrencyTotal } from '../protocol/totals.js';
import type { Account } from './accounts.js';
import type { Show } from './card-config.js';

export type { CurrencyTotal };

/** Net worth per currency by the protocol's one rule (liabilities subtract, with their current balance). */
export function totalsByCurrency(accounts: readonly Account[], show: Show): CurrencyTotal[] {
  return sharedTotals(
    accounts.filter((a) => !a.unavailable),
    show === 'available',
  );
}

import { totalsByCurrency as sharedTotals } from '../protocol/index.js';
import type { Account } from './accounts.js';
import type { Show } from './card-config.js';

export interface CurrencyTotal {
  currency: string;
  amount: number;
  accounts: number;
}

/** Net worth per currency by the protocol's one rule (liabilities subtract, with their current balance). */
export function totalsByCurrency(accounts: readonly Account[], show: Show): CurrencyTotal[] {
  const counted = accounts.filter((a): a is Account & { currency: string } => !!a.currency && !a.unavailable);
  return sharedTotals(counted, show === 'available').map((t) => ({ currency: t.currency, amount: t.net, accounts: t.accounts }));
}

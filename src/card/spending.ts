import type { HassEntities } from 'home-assistant-js-websocket';
import { is } from 'superstruct';
import { MonthAttributesSchema, type MonthAttributes } from '../protocol/transaction-attributes.js';
import type { Account } from './accounts.js';

/** This month's spending of the shown accounts in one currency, and last month's up to the same day. */
export interface MonthSpending {
  currency: string;
  amount: number;
  previousToDate: number;
}

/**
 * Sums per currency, in the order the accounts first show each. `moneyIds`:
 * the month and recent sensors discovery found (AccountDiscovery.money),
 * matched to the shown accounts by `plaid_account_id`. A sensor HA has as
 * unavailable or unknown, or whose block does not match the protocol, adds
 * nothing: the accounts it leaves out are the ones whose rows say so.
 */
export function spendingByCurrency(
  states: HassEntities,
  moneyIds: readonly string[],
  accounts: readonly Account[],
): MonthSpending[] {
  const byAccount = new Map<string, { amount: number; block: MonthAttributes }>();
  for (const id of moneyIds) {
    const entity = states[id];
    const amount = Number(entity?.state || NaN);
    const block: unknown = entity?.attributes;
    if (Number.isFinite(amount) && is(block, MonthAttributesSchema) && block.measure === 'spending')
      byAccount.set(block.plaid_account_id ?? '', { amount, block });
  }
  const sums = new Map<string, MonthSpending>();
  for (const account of accounts) {
    const found = byAccount.get(account.key);
    if (!found) continue;
    const { currency, previous_month_to_date } = found.block;
    const sum = sums.get(currency) ?? { currency, amount: 0, previousToDate: 0 };
    sum.amount += found.amount;
    sum.previousToDate += previous_month_to_date;
    sums.set(currency, sum);
  }
  return [...sums.values()];
}

import type { HassEntities } from 'home-assistant-js-websocket';
import { is } from 'superstruct';
import { MonthAttributesSchema } from '../protocol/index.js';
import type { Account } from './accounts.js';
import type { MoneySensorIds } from './money-sensors.js';

/** This month's spending of the shown accounts in one currency, and last month's up to the same day. */
export interface MonthSpending {
  currency: string;
  amount: number;
  previousToDate: number;
}

/**
 * Sums per currency, in the order the accounts first show each. A sensor HA
 * has as unavailable or unknown, or whose block does not match the protocol,
 * adds nothing: a partial sum reads as less spending, but the accounts it
 * leaves out are the ones whose rows say they are unavailable.
 */
export function spendingByCurrency(
  states: HassEntities,
  accounts: readonly Account[],
  found: ReadonlyMap<string, MoneySensorIds>,
): MonthSpending[] {
  const sums = new Map<string, MonthSpending>();
  for (const account of accounts) {
    const id = found.get(account.key)?.spending;
    const entity = id ? states[id] : undefined;
    if (!entity || entity.state.trim() === '') continue;
    const amount = Number(entity.state);
    const attrs: unknown = entity.attributes;
    if (!Number.isFinite(amount) || !is(attrs, MonthAttributesSchema) || attrs.measure !== 'spending') continue;
    const sum = sums.get(attrs.currency);
    if (sum) {
      sum.amount += amount;
      sum.previousToDate += attrs.previous_month_to_date;
    } else {
      sums.set(attrs.currency, { currency: attrs.currency, amount, previousToDate: attrs.previous_month_to_date });
    }
  }
  return [...sums.values()];
}

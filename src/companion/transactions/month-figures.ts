/**
 * An account's spending and income this month and last (pure), and the
 * household's per currency. The month is HA's: it starts at midnight of the
 * 1st in HA's time zone, which is when HA's statistics start a new cycle for
 * the sensors (their last_reset). Ledger dates are the bank's calendar days
 * and are taken as they are.
 */
import { monthContribution } from './classification.js';
import type { LedgerEntry, MonthFigures } from './item-transactions.js';
import { addMonths, monthOfDay, startOfDay, zonedDay, zonedIso } from './zoned-calendar.js';

/** Sums in ten-thousandths, so a month of cents adds up without binary fractions showing. */
const SCALE = 10_000;
const toUnits = (amount: number) => Math.round(amount * SCALE);
const fromUnits = (units: number) => units / SCALE + 0;

/** The month as HA sees it at `now`: its name, its start, and how far into it today is. */
export interface ZonedMonth {
  month: string;
  previous: string;
  /** Day of the month today, 1–31. */
  day: number;
  last_reset: string;
}

export function zonedMonth(now: number, timeZone: string): ZonedMonth {
  const today = zonedDay(now, timeZone);
  const month = monthOfDay(today);
  return {
    month,
    previous: addMonths(month, -1),
    day: Number(today.slice(8, 10)),
    last_reset: zonedIso(startOfDay(`${month}-01`, timeZone), timeZone),
  };
}

/** One account's figures from its ledger entries (entries of other accounts are ignored). */
export function accountMonthFigures(
  entries: readonly LedgerEntry[],
  accountId: string,
  month: ZonedMonth,
): MonthFigures {
  const units = { spending: 0, income: 0, prevSpendingToDate: 0, prevSpending: 0, prevIncomeToDate: 0, prevIncome: 0 };
  for (const e of entries) {
    if (e.account_id !== accountId) continue;
    const { spending, income } = monthContribution(e);
    const entryMonth = monthOfDay(e.date);
    if (entryMonth === month.month) {
      units.spending += toUnits(spending);
      units.income += toUnits(income);
    } else if (entryMonth === month.previous) {
      units.prevSpending += toUnits(spending);
      units.prevIncome += toUnits(income);
      if (Number(e.date.slice(8, 10)) <= month.day) {
        units.prevSpendingToDate += toUnits(spending);
        units.prevIncomeToDate += toUnits(income);
      }
    }
  }
  return {
    month: month.month,
    last_reset: month.last_reset,
    spending: fromUnits(units.spending),
    income: fromUnits(units.income),
    previous_spending_to_date: fromUnits(units.prevSpendingToDate),
    previous_spending_total: fromUnits(units.prevSpending),
    previous_income_to_date: fromUnits(units.prevIncomeToDate),
    previous_income_total: fromUnits(units.prevIncome),
  };
}

const SUMMED = [
  'spending',
  'income',
  'previous_spending_to_date',
  'previous_spending_total',
  'previous_income_to_date',
  'previous_income_total',
] as const;

/** The household's figures per currency, sorted by currency: each account counts in its own. */
export function householdMonthFigures(
  accounts: readonly { currency: string; figures: MonthFigures }[],
  month: ZonedMonth,
): Array<{ currency: string; figures: MonthFigures }> {
  const byCurrency = new Map<string, Record<(typeof SUMMED)[number], number>>();
  for (const { currency, figures } of accounts) {
    const sums = byCurrency.get(currency) ?? Object.fromEntries(SUMMED.map((k) => [k, 0]));
    for (const k of SUMMED) sums[k] = (sums[k] ?? 0) + toUnits(figures[k]);
    byCurrency.set(currency, sums as Record<(typeof SUMMED)[number], number>);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => ({
      currency,
      figures: {
        month: month.month,
        last_reset: month.last_reset,
        ...(Object.fromEntries(SUMMED.map((k) => [k, fromUnits(sums[k])])) as Record<(typeof SUMMED)[number], number>),
      },
    }));
}

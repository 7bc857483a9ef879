import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountMonthFigures,
  householdMonthFigures,
  zonedMonth,
} from '../../../src/companion/transactions/month-figures.js';
import { entry } from './ledger-samples.js';

const at = (iso: string) => Date.parse(iso);

describe('an account month as its sensors show it', () => {
  it('spending is purchases and fees less refunds; transfers and payments count as neither', () => {
    const month = zonedMonth(at('2026-12-10T15:00:00Z'), 'America/New_York');
    const figures = accountMonthFigures(
      [
        entry('2026-12-09', 12.1, 'FOOD_AND_DRINK', { pending: true }),
        entry('2026-12-08', 0.2, 'FOOD_AND_DRINK'),
        entry('2026-12-07', -5, 'GENERAL_MERCHANDISE'),
        entry('2026-12-06', 35, 'BANK_FEES'),
        entry('2026-12-05', 500, 'LOAN_PAYMENTS'),
        entry('2026-12-04', -1000, 'TRANSFER_IN', { category_detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' }),
        entry('2026-12-01', -2500, 'INCOME'),
        entry('2026-12-03', 99, 'FOOD_AND_DRINK', { account_id: 'acc_other' }),
      ],
      'acc_1',
      month,
    );
    assert.deepEqual(figures, {
      month: '2026-12',
      last_reset: '2026-12-01T00:00:00-05:00',
      spending: 42.3,
      income: 2500,
      previous_spending_to_date: 0,
      previous_spending_total: 0,
      previous_income_to_date: 0,
      previous_income_total: 0,
    });
  });

  it('last month is compared up to the same day of the month, and in all', () => {
    const month = zonedMonth(at('2026-12-10T15:00:00Z'), 'America/New_York');
    const figures = accountMonthFigures(
      [
        entry('2026-11-10', 20, 'FOOD_AND_DRINK'),
        entry('2026-11-11', 30, 'FOOD_AND_DRINK'),
        entry('2026-11-01', -100, 'INCOME'),
        entry('2026-10-31', 1000, 'FOOD_AND_DRINK'),
      ],
      'acc_1',
      month,
    );
    assert.equal(figures.spending, 0);
    assert.equal(figures.previous_spending_to_date, 20);
    assert.equal(figures.previous_spending_total, 50);
    assert.equal(figures.previous_income_to_date, 100);
    assert.equal(figures.previous_income_total, 100);
  });

  it('the month turns at midnight of the 1st in HA time zone, across a DST change', () => {
    const ledger = [entry('2026-11-30', 10, 'FOOD_AND_DRINK'), entry('2026-11-01', 5, 'FOOD_AND_DRINK')];
    // 04:59 UTC on Dec 1st is still November 30th, 23:59 in New York (EST since Nov 1st).
    const before = zonedMonth(at('2026-12-01T04:59:00Z'), 'America/New_York');
    assert.equal(before.month, '2026-11');
    assert.equal(before.last_reset, '2026-11-01T00:00:00-04:00');
    assert.equal(accountMonthFigures(ledger, 'acc_1', before).spending, 15);
    const after = zonedMonth(at('2026-12-01T05:00:00Z'), 'America/New_York');
    assert.equal(after.last_reset, '2026-12-01T00:00:00-05:00');
    const figures = accountMonthFigures(ledger, 'acc_1', after);
    assert.equal(figures.spending, 0);
    assert.equal(figures.previous_spending_total, 15);
    assert.equal(figures.previous_spending_to_date, 5);
  });

  it('far from UTC the month starts the day before in UTC', () => {
    const month = zonedMonth(at('2026-11-30T10:00:00Z'), 'Pacific/Kiritimati');
    assert.equal(month.month, '2026-12');
    assert.equal(month.last_reset, '2026-12-01T00:00:00+14:00');
    assert.equal(zonedMonth(at('2026-11-30T09:59:59Z'), 'Pacific/Kiritimati').month, '2026-11');
  });
});

describe("the household's month", () => {
  it('adds accounts per currency', () => {
    const month = zonedMonth(at('2026-12-10T15:00:00Z'), 'UTC');
    const usd = accountMonthFigures([entry('2026-12-01', 0.1, 'FOOD_AND_DRINK')], 'acc_1', month);
    const usd2 = accountMonthFigures([entry('2026-12-01', 0.2, 'FOOD_AND_DRINK')], 'acc_1', month);
    const eur = accountMonthFigures([entry('2026-12-01', -7, 'INCOME')], 'acc_1', month);
    const household = householdMonthFigures(
      [
        { currency: 'USD', figures: usd },
        { currency: 'EUR', figures: eur },
        { currency: 'USD', figures: usd2 },
      ],
      month,
    );
    assert.deepEqual(
      household.map((h) => [h.currency, h.figures.spending, h.figures.income, h.figures.last_reset]),
      [
        ['EUR', 0, 7, '2026-12-01T00:00:00+00:00'],
        ['USD', 0.3, 0, '2026-12-01T00:00:00+00:00'],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directionOf, eventTypeOf, monthContribution } from '../../../src/companion/transactions/classification.js';

const t = (amount: number, category: string | null, category_detailed: string | null = null) => ({
  amount,
  category,
  category_detailed,
});

describe('what a transaction is to a household', () => {
  it('a purchase is spending, and its refund takes it back', () => {
    assert.equal(eventTypeOf(t(12.5, 'FOOD_AND_DRINK')), 'purchase');
    assert.equal(eventTypeOf(t(-12.5, 'FOOD_AND_DRINK')), 'refund');
    assert.deepEqual(monthContribution(t(12.5, 'FOOD_AND_DRINK')), { spending: 12.5, income: 0 });
    assert.deepEqual(monthContribution(t(-12.5, 'FOOD_AND_DRINK')), { spending: -12.5, income: 0 });
  });

  it('a paycheck is income, counted as money in', () => {
    assert.equal(eventTypeOf(t(-2500, 'INCOME', 'INCOME_WAGES')), 'income');
    assert.deepEqual(monthContribution(t(-2500, 'INCOME', 'INCOME_WAGES')), { spending: 0, income: 2500 });
    assert.equal(directionOf(t(-2500, 'INCOME')), 'in');
  });

  it('paying the card from checking is neither spending nor income, on either side', () => {
    for (const [amount, category, detailed, type] of [
      [25, 'LOAN_PAYMENTS', 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT', 'payment'],
      [-25, 'TRANSFER_IN', 'TRANSFER_IN_ACCOUNT_TRANSFER', 'transfer'],
      [25, 'TRANSFER_OUT', 'TRANSFER_OUT_ACCOUNT_TRANSFER', 'transfer'],
      [-1000, 'TRANSFER_IN', 'TRANSFER_IN_DEPOSIT', 'deposit'],
    ] as const) {
      assert.equal(eventTypeOf(t(amount, category, detailed)), type);
      assert.deepEqual(monthContribution(t(amount, category, detailed)), { spending: 0, income: 0 });
    }
  });

  it('a bank fee is spending', () => {
    assert.equal(eventTypeOf(t(35, 'BANK_FEES', 'BANK_FEES_OVERDRAFT_FEES')), 'fee');
    assert.deepEqual(monthContribution(t(35, 'BANK_FEES')), { spending: 35, income: 0 });
  });

  it('money in without a category counts as neither', () => {
    assert.equal(eventTypeOf(t(-40, null)), 'deposit');
    assert.deepEqual(monthContribution(t(-40, null)), { spending: 0, income: 0 });
    assert.equal(eventTypeOf(t(40, null)), 'purchase');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountDue, itemHasLiabilities } from '../../../src/companion/liabilities/account-due.js';
import { liabilitiesResponse } from './liabilities-sample.js';

describe('account-due', () => {
  const { liabilities } = liabilitiesResponse('2025-01-05');

  it("takes a card's due, minimum, statement and purchase APR (not its cash or transfer APR)", () => {
    assert.deepEqual(accountDue(liabilities, 'acc-credit-1'), {
      next_payment_due_date: '2025-01-05',
      minimum_payment: 20,
      last_statement_balance: 1708.77,
      last_statement_date: '2024-12-11',
      apr: 12.5,
      is_overdue: false,
    });
  });

  it("takes a student loan's interest rate as its APR", () => {
    const due = accountDue(liabilities, 'acc-student-1');
    assert.equal(due?.apr, 5.25);
    assert.equal(due?.minimum_payment, 25);
  });

  it("takes a mortgage's monthly payment as the minimum and an amount past due as overdue", () => {
    const due = accountDue(liabilities, 'acc-mortgage-1');
    assert.equal(due?.minimum_payment, 3141.54);
    assert.equal(due?.last_statement_balance, null);
    assert.equal(due?.is_overdue, false);
    assert.equal(accountDue(liabilitiesResponse('2025-01-05', true).liabilities, 'acc-mortgage-1')?.is_overdue, true);
  });

  it('has nothing for an account Liabilities does not cover', () => {
    assert.equal(accountDue(liabilities, 'acc-checking-1'), undefined);
    assert.equal(accountDue({ credit: null, mortgage: null, student: null }, 'acc-credit-1'), undefined);
  });

  it('reads consent from any of the Item object’s product lists', () => {
    assert.equal(itemHasLiabilities({ products: ['transactions'], consented_products: ['liabilities'] }), true);
    assert.equal(itemHasLiabilities({ billed_products: ['liabilities'] }), true);
    assert.equal(itemHasLiabilities({ products: ['transactions'], consented_products: null }), false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import { MonthAttributesSchema, RecentAttributesSchema } from '../../../src/protocol/index.js';
import {
  accountTransactionSensors,
  householdTransactionSensors,
  transactionEntityIds,
  transactionRestState,
} from '../../../src/companion/entities/transaction-states.js';
import { ledgerEntry, transactionsItem } from '../helpers/transaction-items.js';

const ctx = { timeZone: 'America/New_York', now: Date.parse('2026-12-10T15:00:00Z') };

describe("an account's transaction sensors", () => {
  const item = transactionsItem({
    ledger: [
      ledgerEntry({ transaction_id: 'a', amount: 12.5 }),
      ledgerEntry({ transaction_id: 'b', amount: -2500, category: 'INCOME', category_detailed: 'INCOME_WAGES' }),
      ledgerEntry({ transaction_id: 'c', amount: 40, date: '2026-11-05' }),
      ledgerEntry({ transaction_id: 'd', account_id: 'acc-credit-1', amount: 7, currency: 'USD' }),
    ],
  });

  it('per account: spending and income this month, and the recent list', () => {
    const sensors = accountTransactionSensors(item, ctx);
    assert.deepEqual(
      sensors.map((s) => [s.entity_id, s.value]),
      [
        ['sensor.plaid_first_platypus_bank_0000_spending_this_month', 12.5],
        ['sensor.plaid_first_platypus_bank_0000_income_this_month', 2500],
        ['sensor.plaid_first_platypus_bank_0000_recent_transactions', 2],
        ['sensor.plaid_first_platypus_bank_3333_spending_this_month', 7],
        ['sensor.plaid_first_platypus_bank_3333_income_this_month', 0],
        ['sensor.plaid_first_platypus_bank_3333_recent_transactions', 1],
      ],
    );
    for (const s of sensors) {
      const recent = s.entity_id.endsWith('_recent_transactions');
      const [err] = recent
        ? validate(s.attributes, RecentAttributesSchema)
        : validate(s.attributes, MonthAttributesSchema);
      assert.equal(err, undefined, err?.message);
      assert.equal(
        s.attributes.balance_entity,
        s.entity_id.includes('_0000_')
          ? 'sensor.plaid_first_platypus_bank_0000_current'
          : 'sensor.plaid_first_platypus_bank_3333_current',
      );
    }
    assert.deepEqual(sensors[0]?.attributes, {
      friendly_name: 'First Platypus Bank Plaid Checking spending this month',
      plaid_balance_month: 1,
      measure: 'spending',
      currency: 'USD',
      month: '2026-12',
      previous_month_to_date: 40,
      previous_month_total: 40,
      plaid_item_id: 'item-aaaa1111',
      plaid_account_id: 'acc-checking-1',
      balance_entity: 'sensor.plaid_first_platypus_bank_0000_current',
    });
  });

  it('over REST a month sensor is monetary, a total, in its currency, reset at the month start', () => {
    const state = transactionRestState(accountTransactionSensors(item, ctx)[0]!);
    assert.equal(state.state, '12.5');
    assert.equal(state.attributes.device_class, 'monetary');
    assert.equal(state.attributes.state_class, 'total');
    assert.equal(state.attributes.unit_of_measurement, 'USD');
    assert.equal(state.attributes.last_reset, '2026-12-01T00:00:00-05:00');
    assert.equal(state.attributes.attribution, 'Data provided by Plaid');
    const recent = transactionRestState(accountTransactionSensors(item, ctx)[2]!);
    assert.equal(recent.state, '2');
    assert.equal('last_reset' in recent.attributes, false);
    assert.equal('state_class' in recent.attributes, false);
  });

  it('before the first sync the figures are unknown, not zero', () => {
    const pending = transactionsItem({ status: 'pending', synced_at: null, cursor: null });
    const sensors = accountTransactionSensors(pending, ctx);
    assert.equal(sensors.length, 6);
    assert.deepEqual(
      sensors.map((s) => transactionRestState(s).state),
      Array(6).fill('unknown'),
    );
    assert.deepEqual(householdTransactionSensors([pending], ctx), []);
  });

  it('an Item without Transactions, or with them turned off, has none', () => {
    assert.deepEqual(accountTransactionSensors(transactionsItem({ status: 'not_enabled' }), ctx), []);
    assert.deepEqual(accountTransactionSensors(transactionsItem({ status: 'off' }), ctx), []);
    const { transactions: _, ...before } = transactionsItem();
    assert.deepEqual(accountTransactionSensors(before, ctx), []);
  });

  it('names every transaction entity of an Item, for removal', () => {
    assert.deepEqual(transactionEntityIds(item).slice(0, 4), [
      'event.plaid_first_platypus_bank_0000_transactions',
      'sensor.plaid_first_platypus_bank_0000_spending_this_month',
      'sensor.plaid_first_platypus_bank_0000_income_this_month',
      'sensor.plaid_first_platypus_bank_0000_recent_transactions',
    ]);
    assert.equal(transactionEntityIds(item).length, 8);
  });
});

describe("the household's month sensors", () => {
  it('one spending and one income sensor per currency, without account ids', () => {
    const usd = transactionsItem({
      ledger: [ledgerEntry({ amount: 10 }), ledgerEntry({ account_id: 'acc-credit-1', amount: 5 })],
    });
    const eur = transactionsItem(
      { ledger: [ledgerEntry({ account_id: 'acc-eur', amount: -100, category: 'INCOME', currency: 'EUR' })] },
      {
        item_id: 'item-eur',
        accounts: [{ ...usd.accounts[0]!, account_id: 'acc-eur', currency: 'EUR', mask: '9999' }],
      },
    );
    const sensors = householdTransactionSensors([usd, eur], ctx);
    assert.deepEqual(
      sensors.map((s) => [s.entity_id, s.value, s.options.unit_of_measurement]),
      [
        ['sensor.plaid_spending_this_month_eur', 0, 'EUR'],
        ['sensor.plaid_income_this_month_eur', 100, 'EUR'],
        ['sensor.plaid_spending_this_month_usd', 15, 'USD'],
        ['sensor.plaid_income_this_month_usd', 0, 'USD'],
      ],
    );
    for (const s of sensors) {
      assert.equal(validate(s.attributes, MonthAttributesSchema)[0], undefined);
      assert.equal(s.attributes.plaid_account_id, null);
      assert.equal(s.last_reset, '2026-12-01T00:00:00-05:00');
    }
  });
});

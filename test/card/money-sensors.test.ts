import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAccounts } from '../../src/card/accounts.js';
import { MoneySensorFinder, moneySensorIds } from '../../src/card/money-sensors.js';
import { SAMPLE_ACCOUNTS, statesFor } from './fixtures/hass-fixture.js';
import { byId, incomeEntity, recentEntity, spendingEntity, tx } from './fixtures/money-fixture.js';

const [checking, savings] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[0], (typeof SAMPLE_ACCOUNTS)[0]];
const balances = statesFor([checking, savings]);
const accounts = buildAccounts(balances, Object.keys(balances));

describe('MoneySensorFinder', () => {
  it("finds each account's sensors at the protocol's ids", () => {
    const states = { ...balances, ...byId(spendingEntity(checking, 10, 5), recentEntity(checking, [])) };
    const found = new MoneySensorFinder().resolve(states, accounts);
    assert.deepEqual(found.get('acc_chase_checking'), {
      spending: 'sensor.plaid_chase_0000_spending_this_month',
      recent: 'sensor.plaid_chase_0000_recent_transactions',
    });
    assert.deepEqual(found.get('acc_chase_savings'), { spending: null, recent: null });
  });

  it('finds sensors the user renamed by their marker and account id, and not the income sensor', () => {
    const states = {
      ...balances,
      ...byId(
        spendingEntity(checking, 10, 5, 'sensor.my_spending'),
        recentEntity(savings, [], 'sensor.savings_list'),
        incomeEntity(savings, 99),
      ),
    };
    const found = new MoneySensorFinder().resolve(states, accounts);
    assert.equal(found.get('acc_chase_checking')?.spending, 'sensor.my_spending');
    assert.equal(found.get('acc_chase_savings')?.recent, 'sensor.savings_list');
    assert.equal(found.get('acc_chase_savings')?.spending, null);
    assert.deepEqual(moneySensorIds(found), ['sensor.my_spending', 'sensor.savings_list']);
  });

  it("does not take another account's sensor at this account's id", () => {
    const states = {
      ...balances,
      ...byId(recentEntity(savings, [], 'sensor.plaid_chase_0000_recent_transactions')),
    };
    const found = new MoneySensorFinder().resolve(states, accounts);
    assert.equal(found.get('acc_chase_checking')?.recent, null);
    assert.equal(found.get('acc_chase_savings')?.recent, 'sensor.plaid_chase_0000_recent_transactions');
  });

  it('hands back the same map while the ids stay, and a new one when a sensor appears', () => {
    const finder = new MoneySensorFinder();
    const recent = recentEntity(checking, [tx('2026-12-01', 'Cafe', 4)]);
    const first = finder.resolve({ ...balances, ...byId(recent) }, accounts);
    const changed = recentEntity(checking, [tx('2026-12-02', 'Bakery', 3)]);
    assert.equal(finder.resolve({ ...balances, ...byId(changed) }, accounts), first);
    const added = finder.resolve({ ...balances, ...byId(changed, spendingEntity(checking, 1, 1)) }, accounts);
    assert.notEqual(added, first);
    assert.equal(added.get('acc_chase_checking')?.spending, 'sensor.plaid_chase_0000_spending_this_month');
  });

  it('keeps a found sensor while HA has it unavailable without its attributes', () => {
    const finder = new MoneySensorFinder();
    const e = recentEntity(checking, [], 'sensor.renamed');
    const first = finder.resolve({ ...balances, ...byId(e) }, accounts);
    const away = { ...e, state: 'unavailable', attributes: { friendly_name: 'x' } };
    assert.equal(finder.resolve({ ...balances, ...byId(away) }, accounts), first);
  });
});

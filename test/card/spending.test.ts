import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAccounts } from '../../src/card/accounts.js';
import { spendingByCurrency } from '../../src/card/spending.js';
import { SAMPLE_ACCOUNTS, statesFor } from './fixtures/hass-fixture.js';
import { byId, incomeEntity, spendingEntity } from './fixtures/money-fixture.js';
import type { HassEntities } from 'home-assistant-js-websocket';

const balances = statesFor(SAMPLE_ACCOUNTS);
const accounts = buildAccounts(balances, Object.keys(balances));
const [checking, savings, card, giro] = SAMPLE_ACCOUNTS as [
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
];

function spending(sensors: HassEntities) {
  const states = { ...balances, ...sensors };
  return spendingByCurrency(states, Object.keys(sensors), accounts);
}

describe('spendingByCurrency', () => {
  it("sums the accounts' spending and last month's to this day per currency", () => {
    const sums = spending(
      byId(spendingEntity(checking, 100.5, 80), spendingEntity(card, 900, 1020), spendingEntity(giro, 42, 50)),
    );
    assert.deepEqual(sums, [
      { currency: 'USD', amount: 1000.5, previousToDate: 1100 },
      { currency: 'EUR', amount: 42, previousToDate: 50 },
    ]);
  });

  it('skips sensors HA has as unavailable or unknown, and blocks that do not match the protocol', () => {
    const off = { ...spendingEntity(checking, 1, 1), state: 'unavailable' };
    const unknown = { ...spendingEntity(savings, 1, 1), state: 'unknown' };
    const bad = spendingEntity(card, 5, 1);
    const malformed = { ...bad, attributes: { ...bad.attributes, previous_month_to_date: 'lots' } };
    assert.deepEqual(spending(byId(off, unknown, malformed, spendingEntity(giro, 7, 3))), [
      { currency: 'EUR', amount: 7, previousToDate: 3 },
    ]);
  });

  it("leaves out the sensors of accounts the card does not show, and income, whatever the sensors' ids", () => {
    const states = { ...balances, ...byId(spendingEntity(checking, 5, 4, 'sensor.renamed'), incomeEntity(savings, 9)) };
    const shown = accounts.filter((a) => a.key !== 'acc_chase_card');
    const ids = ['sensor.renamed', 'sensor.plaid_chase_1111_income_this_month', 'sensor.card_spending'];
    states['sensor.card_spending'] = spendingEntity(card, 100, 1, 'sensor.card_spending');
    assert.deepEqual(spendingByCurrency(states, ids, shown), [{ currency: 'USD', amount: 5, previousToDate: 4 }]);
  });

  it('is empty without month sensors', () => {
    assert.deepEqual(spending({}), []);
  });
});

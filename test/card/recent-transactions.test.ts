import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HassEntities } from 'home-assistant-js-websocket';
import { buildAccounts } from '../../src/card/accounts.js';
import { formatTransactionDate, recentTransactions } from '../../src/card/recent-transactions.js';
import { SAMPLE_ACCOUNTS, statesFor } from './fixtures/hass-fixture.js';
import { byId, recentEntity, tx } from './fixtures/money-fixture.js';

const balances = statesFor(SAMPLE_ACCOUNTS);
const accounts = buildAccounts(balances, Object.keys(balances));
const [checking, , card, giro] = SAMPLE_ACCOUNTS as [
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
];

function recent(sensors: HassEntities, count: number) {
  const states = { ...balances, ...sensors };
  return recentTransactions(states, Object.keys(sensors), accounts, count);
}

describe('recentTransactions', () => {
  const sensors = byId(
    recentEntity(checking, [
      tx('2026-12-05', 'Payroll', 2000, { direction: 'in', event_type: 'income' }),
      tx('2026-12-01', 'Cafe', 4.5),
    ]),
    recentEntity(card, [tx('2026-12-06', 'Airline', 320, { pending: true }), tx('2026-12-05', 'Bakery', 3)]),
    recentEntity(giro, [tx('2026-12-02', 'Miete', 900)]),
  );

  it("merges the accounts' lists newest first, with each account's mask, name and balance sensor", () => {
    const list = recent(sensors, 10);
    assert.deepEqual(
      list.map((t) => [t.date, t.name, t.mask, t.currency]),
      [
        ['2026-12-06', 'Airline', '3333', 'USD'],
        ['2026-12-05', 'Payroll', '0000', 'USD'],
        ['2026-12-05', 'Bakery', '3333', 'USD'],
        ['2026-12-02', 'Miete', '4321', 'EUR'],
        ['2026-12-01', 'Cafe', '0000', 'USD'],
      ],
    );
    assert.equal(list[0]!.accountName, 'Sapphire Card');
    assert.equal(list[0]!.entityId, 'sensor.plaid_chase_3333_current');
    assert.equal(list[0]!.pending, true);
    assert.equal(list[1]!.direction, 'in');
  });

  it('takes the first `count`, and none for 0', () => {
    assert.deepEqual(
      recent(sensors, 2).map((t) => t.name),
      ['Airline', 'Payroll'],
    );
    assert.deepEqual(recent(sensors, 0), []);
  });

  it('ignores a block that does not match the protocol', () => {
    const good = recentEntity(giro, [tx('2026-12-02', 'Miete', 900)]);
    const broken = recentEntity(checking, [tx('2026-12-05', 'Payroll', 2000)]);
    const malformed = {
      ...broken,
      attributes: { ...broken.attributes, transactions: [{ date: '2026-12-05', name: 'Payroll', amount: '2000' }] },
    };
    assert.deepEqual(
      recent(byId(good, malformed), 5).map((t) => t.name),
      ['Miete'],
    );
  });
});

describe('formatTransactionDate', () => {
  it("writes the bank's day short in the user's language, whatever the time zone", () => {
    assert.equal(formatTransactionDate('2026-12-03', 'en'), 'Dec 3');
    assert.equal(formatTransactionDate('2026-12-03', 'de'), '3. Dez.');
    assert.equal(formatTransactionDate('2026-01-31', 'en'), 'Jan 31');
  });

  it('keeps what is not a YYYY-MM-DD day, and falls back to English for a tag Intl refuses', () => {
    assert.equal(formatTransactionDate('yesterday', 'en'), 'yesterday');
    assert.equal(formatTransactionDate('2026-12-03', 'not a language!'), 'Dec 3');
  });
});

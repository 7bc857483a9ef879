import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAccounts, entitiesReadByRows } from '../../src/card/accounts.js';
import { groupAccounts } from '../../src/card/grouping.js';
import { totalsByCurrency } from '../../src/card/account-totals.js';
import { SAMPLE_ACCOUNTS, balanceEntity, otherEntity, statesFor } from './fixtures/hass-fixture.js';

const states = statesFor(SAMPLE_ACCOUNTS);
const ids = Object.keys(states).sort();
const labels = { type: (t: string) => t.toUpperCase(), unknownInstitution: '?' };

describe('buildAccounts', () => {
  it("collapses an account's current and available sensors into one", () => {
    const accounts = buildAccounts(states, ids);
    assert.equal(accounts.length, 5);
    const checking = accounts.find((a) => a.accountName === 'Total Checking')!;
    assert.deepEqual(Object.keys(checking.entityIds).sort(), ['available', 'current']);
    assert.equal(checking.primaryEntityId, 'sensor.plaid_chase_0000_current');
    assert.equal(checking.current, 1234.56);
    assert.equal(checking.available, 1100);
    assert.equal(checking.malformed, false);
  });

  it('prefers the state over the attribute copy', () => {
    const e = balanceEntity(SAMPLE_ACCOUNTS[0]!, 'current');
    const [a] = buildAccounts({ [e.entity_id]: { ...e, state: '99.5' } }, [e.entity_id]);
    assert.equal(a!.current, 99.5);
  });

  it('never throws on malformed or missing states', () => {
    const broken = {
      'sensor.plaid_x_1_current': {
        ...otherEntity('sensor.plaid_x_1_current', 'abc'),
        attributes: { plaid_balance: 1 },
      },
      'sensor.plaid_x_2_current': { ...otherEntity('sensor.plaid_x_2_current', 'unavailable') },
      'sensor.weird': { ...otherEntity('sensor.weird', '12'), attributes: null as unknown as Record<string, unknown> },
    };
    const accounts = buildAccounts(broken, [...Object.keys(broken), 'sensor.gone']);
    assert.equal(accounts.length, 4);
    assert.equal(accounts[0]!.malformed, true);
    assert.equal(accounts[0]!.current, null);
    assert.equal(accounts[1]!.unavailable, true);
    assert.equal(accounts[2]!.current, 12);
    assert.equal(accounts[3]!.missing, true);
  });

  it(
    'takes an MQTT sensor, whose `available` attribute HA blocks, ' +
      'as well-formed, with the amount from the available sensor',
    () => {
      const withoutAvailable = (e: ReturnType<typeof balanceEntity>) => {
        const { available: _, ...attributes } = e.attributes;
        return { ...e, attributes };
      };
      const current = withoutAvailable(balanceEntity(SAMPLE_ACCOUNTS[0]!, 'current'));
      const available = withoutAvailable(balanceEntity(SAMPLE_ACCOUNTS[0]!, 'available'));
      const [a] = buildAccounts({ [current.entity_id]: current, [available.entity_id]: available }, [
        current.entity_id,
        available.entity_id,
      ]);
      assert.equal(a!.malformed, false);
      assert.equal(a!.available, Number(available.state));
    },
  );

  it('ignores attributes outside the protocol block', () => {
    const e = balanceEntity(SAMPLE_ACCOUNTS[0]!, 'current');
    const [a] = buildAccounts({ [e.entity_id]: { ...e, attributes: { ...e.attributes, restored: true } } }, [
      e.entity_id,
    ]);
    assert.equal(a!.malformed, false);
  });
});

describe('groupAccounts', () => {
  const accounts = buildAccounts(states, ids);
  it('groups by institution, sorted by name', () => {
    const groups = groupAccounts(accounts, 'institution', labels);
    assert.deepEqual(
      groups.map((g) => [g.title, g.accounts.length, g.itemId]),
      [
        ['Chase', 3, 'item_chase'],
        ['Deutsche Bank', 2, 'item_db'],
      ],
    );
  });
  it('groups by type in balance-sheet order', () => {
    const groups = groupAccounts(accounts, 'type', labels);
    assert.deepEqual(
      groups.map((g) => [g.key, g.accounts.length]),
      [
        ['depository', 3],
        ['credit', 1],
        ['loan', 1],
      ],
    );
  });
  it('puts everything in one untitled group for none', () => {
    const groups = groupAccounts(accounts, 'none', labels);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.title, null);
  });
  it('marks an institution whose login expired', () => {
    const s = statesFor([{ ...SAMPLE_ACCOUNTS[3]!, status: 'login_required' }]);
    const [group] = groupAccounts(buildAccounts(s, Object.keys(s)), 'institution', labels);
    assert.equal(group!.needsReconnect, true);
  });
});

describe('totalsByCurrency', () => {
  const accounts = buildAccounts(states, ids);
  it('sums per currency and subtracts credit cards and loans', () => {
    assert.deepEqual(
      totalsByCurrency(accounts, 'current'),
      [
        { currency: 'USD', amount: 1234.56 + 5000 - 410.2, assets: 6234.56, liabilities: 410.2, accounts: 3 },
        { currency: 'EUR', amount: 1234.56 - 8000, assets: 1234.56, liabilities: 8000, accounts: 2 },
      ].map((t) => ({ ...t, amount: Math.round(t.amount * 100) / 100 })),
    );
  });
  it('uses available balances for assets but what is owed for liabilities', () => {
    const usd = totalsByCurrency(accounts, 'available').find((t) => t.currency === 'USD')!;
    assert.equal(usd.amount, Math.round((1100 + 5000 - 410.2) * 100) / 100);
  });
});

describe('entitiesReadByRows', () => {
  it("adds each Item's last-refreshed sensor once to the balance sensors", () => {
    const accounts = buildAccounts(states, ids);
    assert.deepEqual(entitiesReadByRows(ids, accounts), [
      ...ids,
      'sensor.plaid_chase_last_refreshed',
      'sensor.plaid_deutsche_bank_last_refreshed',
    ]);
  });
});

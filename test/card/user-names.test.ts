import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAccounts } from '../../src/card/accounts.js';
import { withUserNames } from '../../src/card/user-names.js';
import { balanceEntityName } from '../../src/protocol/index.js';
import { SAMPLE_ACCOUNTS, statesFor } from './fixtures/hass-fixture.js';

describe('withUserNames', () => {
  const states = statesFor(SAMPLE_ACCOUNTS);
  const accounts = buildAccounts(states, Object.keys(states).sort());
  const checking = accounts.find((a) => a.accountName === 'Total Checking')!;
  const savings = accounts.find((a) => a.accountName === 'Savings')!;
  /** HA's `list_for_display` as the companion's MQTT sensors give it: the announced name, one device per bank. */
  const announced = () =>
    Object.fromEntries(
      accounts.map((a) => [
        a.primaryEntityId,
        {
          name: balanceEntityName(
            a.accountName!,
            a.primaryEntityId === a.entityIds.available ? 'available' : 'current',
          ),
          device_id: `dev_${a.itemId}`,
        },
      ]),
    );

  it('keeps Plaid\u2019s names, and the same array, while the user renamed nothing', () => {
    assert.equal(withUserNames(accounts, announced(), {}), accounts);
    assert.equal(
      withUserNames(accounts, undefined, undefined),
      accounts,
      'no registries (REST sensors, an older frontend)',
    );
    assert.equal(withUserNames(accounts, {}, {}), accounts, 'no registry entries');
    assert.equal(
      withUserNames(accounts, announced(), { dev_item_chase: { name_by_user: null } }),
      accounts,
      'a device the user did not rename',
    );
  });

  it("shows the user's name for a renamed sensor on its row only", () => {
    const entities = {
      ...announced(),
      [checking.primaryEntityId]: { name: 'Joint account', device_id: 'dev_item_chase' },
    };
    const named = withUserNames(accounts, entities, {});
    assert.notEqual(named, accounts);
    assert.equal(named.find((a) => a.key === checking.key)!.accountName, 'Joint account');
    assert.equal(named.find((a) => a.key === checking.key)!.institutionName, 'Chase');
    assert.equal(
      named.find((a) => a.key === savings.key),
      savings,
      'the other rows keep their objects',
    );
    assert.equal(
      withUserNames(accounts, entities, {}).find((a) => a.key === checking.key),
      named.find((a) => a.key === checking.key),
      'the same copy next render',
    );
  });

  it("names every account of a bank by the bank's device the user renamed", () => {
    const named = withUserNames(accounts, announced(), { dev_item_chase: { name_by_user: 'Our bank' } });
    const chase = named.filter((a) => a.itemId === 'item_chase');
    assert.ok(chase.length > 1);
    assert.deepEqual(new Set(chase.map((a) => a.institutionName)), new Set(['Our bank']));
    assert.ok(named.filter((a) => a.itemId !== 'item_chase').every((a) => a.institutionName !== 'Our bank'));
  });

  it("keeps Plaid's name where HA shortened the announced one for starting with the bank's name", () => {
    // "Chase Total Checking balance" on the device "Chase": HA's MQTT integration registers "Total Checking balance".
    const named = { ...checking, accountName: 'Chase Total Checking' };
    const entities = { [named.primaryEntityId]: { name: 'Total Checking balance', device_id: 'dev_item_chase' } };
    assert.deepEqual(withUserNames([named], entities, {}), [named]);
    const renamed = { [named.primaryEntityId]: { name: 'Checking balance', device_id: 'dev_item_chase' } };
    assert.equal(
      withUserNames([named], renamed, {})[0]!.accountName,
      'Checking balance',
      'a name that is no such shortening is the user\u2019s',
    );
  });

  it('ignores a blank name', () => {
    const entities = { ...announced(), [checking.primaryEntityId]: { name: ' ', device_id: 'dev_item_chase' } };
    assert.equal(withUserNames(accounts, entities, { dev_item_chase: { name_by_user: '' } }), accounts);
  });
});

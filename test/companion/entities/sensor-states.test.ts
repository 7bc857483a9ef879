import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import { BalanceAttributesSchema, STATUS_SENSORS_PER_ITEM, itemSensorCounts } from '../../../src/protocol/index.js';
import {
  entityLabelFor,
  iconFor,
  itemEntityIds,
  itemStates,
  loginRequiredNotification,
  problemState,
  suggestedKinds,
} from '../../../src/companion/entities/sensor-states.js';
import { storedItem } from '../helpers/fixtures.js';

describe('sensor-states', () => {
  it('writes one sensor per account and kind, plus the problem and last-refreshed sensors', () => {
    const states = itemStates(storedItem());
    assert.deepEqual(
      states.map((s) => [s.entity_id, s.state]),
      [
        ['sensor.plaid_first_platypus_bank_0000_current', '110'],
        ['sensor.plaid_first_platypus_bank_0000_available', '100'],
        ['sensor.plaid_first_platypus_bank_3333_current', '410'],
        ['binary_sensor.plaid_first_platypus_bank_problem', 'off'],
        ['sensor.plaid_first_platypus_bank_last_refreshed', '2025-01-01T00:00:00.000Z'],
      ],
    );
    // The refresh time lives on its own sensor: balance attributes only point at it.
    assert.equal(states[0]!.attributes.last_refreshed_entity, 'sensor.plaid_first_platypus_bank_last_refreshed');
    assert.equal('last_refreshed' in states[0]!.attributes, false);
    assert.equal(states[4]!.attributes.device_class, 'timestamp');
    for (const s of states.slice(0, 3)) {
      const [err] = validate(s.attributes, BalanceAttributesSchema);
      assert.equal(err, undefined, err?.message);
    }
    const attrs = states[2]!.attributes;
    assert.equal(attrs.icon, 'mdi:credit-card');
    assert.equal(attrs.device_class, 'monetary');
    assert.equal(attrs.state_class, 'total');
    assert.equal(attrs.unit_of_measurement, 'USD');
    assert.equal(attrs.attribution, 'Data provided by Plaid');
    assert.equal(attrs.plaid_balance, 1);
    assert.equal(attrs.limit, 2000);
    assert.equal(attrs.item_error, null);
  });

  it('keeps the last good balance and says why when the item fails', () => {
    const item = storedItem({
      status: 'login_required',
      error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: 'sign in again' },
    });
    const [first] = itemStates(item);
    assert.equal(first!.state, '110');
    assert.equal(first!.attributes.item_status, 'login_required');
    assert.deepEqual(first!.attributes.item_error, {
      error_code: 'ITEM_LOGIN_REQUIRED',
      display_message: 'sign in again',
    });
    assert.equal(problemState(item).state, 'on');
    assert.equal(
      problemState(storedItem({ status: 'error', error: { error_code: 'INSTITUTION_DOWN', display_message: null } }))
        .state,
      'off',
    );
  });

  it('shows a missing balance as unknown, never 0', () => {
    const item = storedItem();
    item.accounts[0]!.available = null;
    assert.equal(itemStates(item)[1]!.state, 'unknown');
  });

  it('falls back to the account id without a mask', () => {
    const item = storedItem();
    item.accounts[0]!.mask = null;
    assert.equal(itemEntityIds(item)[0], 'sensor.plaid_first_platypus_bank_acc_ch_current');
  });

  it('disambiguates a second item at the same institution deterministically', () => {
    assert.equal(entityLabelFor('First Platypus Bank', []), 'First Platypus Bank');
    const one = storedItem();
    assert.equal(entityLabelFor('First Platypus Bank', [one]), 'First Platypus Bank 2');
    const two = storedItem({ item_id: 'b', entity_label: 'First Platypus Bank 2' });
    assert.equal(entityLabelFor('First Platypus Bank', [one, two]), 'First Platypus Bank 3');
    assert.equal(entityLabelFor('First Platypus Bank', [two]), 'First Platypus Bank');
    assert.deepEqual(itemEntityIds(two).slice(-2), [
      'binary_sensor.plaid_first_platypus_bank_2_problem',
      'sensor.plaid_first_platypus_bank_2_last_refreshed',
    ]);
  });

  it('suggests available only when it differs', () => {
    assert.deepEqual(suggestedKinds({ current: 10, available: 10 }), ['current']);
    assert.deepEqual(suggestedKinds({ current: 10, available: null }), ['current']);
    assert.deepEqual(suggestedKinds({ current: 10, available: 5 }), ['current', 'available']);
  });

  it('picks icons by account type', () => {
    assert.equal(iconFor('depository', 'checking'), 'mdi:bank');
    assert.equal(iconFor('depository', 'savings'), 'mdi:piggy-bank');
    assert.equal(iconFor('loan', 'mortgage'), 'mdi:home-city');
    assert.equal(iconFor('investment', null), 'mdi:chart-line');
  });

  it("counts an item's balance sensors apart from its status sensors, as many as every item has", () => {
    assert.deepEqual(itemSensorCounts(itemEntityIds(storedItem())), { balances: 3, statuses: STATUS_SENSORS_PER_ITEM });
  });

  it('words the login notification plainly, one id per item', () => {
    const n = loginRequiredNotification(storedItem());
    assert.equal(n.notification_id, 'plaid_balance_item_aaaa1111');
    assert.match(n.message, /sign in again/);
    assert.match(n.message, /An administrator can reconnect it from the Plaid Balance card\./);
  });

  it('does not tell every user to press a button only admins have', () => {
    // HA shows persistent notifications to non-admins too; they have no Reconnect button on the card.
    assert.doesNotMatch(loginRequiredNotification(storedItem()).message, /press Reconnect/i);
  });
});

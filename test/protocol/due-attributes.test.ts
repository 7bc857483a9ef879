import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is } from 'superstruct';
import { DueAttributesSchema, dueSensorId, isDueAttributes, type DueAttributes } from '../../src/protocol/index.js';

const good: DueAttributes = {
  friendly_name: 'Chase Sapphire payment due',
  attribution: 'Data provided by Plaid',
  plaid_balance_due: 1,
  balance_entity: 'sensor.plaid_chase_3333_current',
  plaid_item_id: 'item_1',
  plaid_account_id: 'acc_1',
  currency: 'USD',
  next_payment_due_date: '2026-12-14',
  minimum_payment: 35,
  last_statement_balance: 1708.77,
  last_statement_date: '2026-11-10',
  apr: 12.5,
  is_overdue: false,
};

/** Every key set to values of each JSON type, plus removed. */
const probes: unknown[] = [undefined, null, '', 'x', '2026-12-14', 0, 1, 2, 2.5, NaN, Infinity, true, false, [], {}];

describe('isDueAttributes', () => {
  it('accepts a valid block, also with keys HA adds', () => {
    assert.equal(isDueAttributes(good), true);
    assert.equal(isDueAttributes({ ...good, device_class: 'date', icon: 'mdi:calendar-clock' }), true);
  });

  it('agrees with DueAttributesSchema on every single-key change', () => {
    let cases = 0;
    for (const key of Object.keys(good)) {
      for (const value of probes) {
        // A probe of undefined stands for the key left out.
        const raw: Record<string, unknown> =
          value === undefined
            ? Object.fromEntries(Object.entries(good).filter(([k]) => k !== key))
            : { ...good, [key]: value };
        assert.equal(isDueAttributes(raw), is(raw, DueAttributesSchema), `${key} = ${JSON.stringify(value)}`);
        cases++;
      }
    }
    assert.ok(cases > 150);
  });

  it('rejects what is not an object', () => {
    for (const raw of [null, undefined, 'x', 1]) assert.equal(isDueAttributes(raw), is(raw, DueAttributesSchema));
  });
});

describe('dueSensorId', () => {
  it('names the due sensors after the account, the overdue one a binary sensor', () => {
    assert.equal(dueSensorId('Chase', '3333', 'acc_1', 'next_payment_due_date'), 'sensor.plaid_chase_3333_payment_due');
    assert.equal(dueSensorId('Chase', null, 'acc_123456789', 'is_overdue'), 'binary_sensor.plaid_chase_acc_12_overdue');
  });
});

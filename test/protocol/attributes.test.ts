import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import {
  BalanceAttributesSchema,
  isBalanceAttributes,
  totalsByCurrency,
  type BalanceAttributes,
} from '../../src/protocol/index.js';

const good: BalanceAttributes = {
  friendly_name: 'Chase Checking balance',
  device_class: 'monetary',
  state_class: 'total',
  unit_of_measurement: 'USD',
  icon: 'mdi:bank',
  attribution: 'Data provided by Plaid',
  plaid_balance: 1,
  plaid_item_id: 'item_1',
  plaid_account_id: 'acc_1',
  institution_id: 'ins_1',
  institution_name: 'Chase',
  account_name: 'Checking',
  official_name: null,
  mask: '0000',
  account_type: 'depository',
  account_subtype: 'checking',
  balance_kind: 'current',
  current: 10.5,
  available: null,
  limit: null,
  last_refreshed_entity: 'sensor.plaid_first_platypus_bank_last_refreshed',
  item_status: 'ok',
  item_error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: null },
};

/** Every key set to values of each JSON type, plus removed. */
const probes: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'monetary',
  'total',
  'current',
  'available',
  'ok',
  'login_required',
  0,
  1,
  2.5,
  NaN,
  true,
  [],
  {},
  { error_code: 'E', display_message: 'm' },
  { error_code: 'E' },
  { error_code: 1, display_message: null },
  { error_code: 'E', display_message: null, extra: 1 },
];

function superstructSays(raw: unknown): boolean {
  return validate(raw, BalanceAttributesSchema, { coerce: true, mask: true })[0] === undefined;
}

describe('isBalanceAttributes', () => {
  it('accepts a valid block, also with keys HA adds', () => {
    assert.equal(isBalanceAttributes(good), true);
    assert.equal(isBalanceAttributes({ ...good, restored: true, item_error: undefined }), true);
  });

  it('agrees with BalanceAttributesSchema on every single-key change', () => {
    let cases = 0;
    for (const key of Object.keys(good)) {
      for (const value of probes) {
        // A probe of undefined stands for the key left out.
        const raw: Record<string, unknown> =
          value === undefined
            ? Object.fromEntries(Object.entries(good).filter(([k]) => k !== key))
            : { ...good, [key]: value };
        assert.equal(isBalanceAttributes(raw), superstructSays(raw), `${key} = ${JSON.stringify(value)}`);
        cases++;
      }
    }
    assert.ok(cases > 400);
  });

  it('rejects what is not an object', () => {
    for (const raw of [null, undefined, 'x', 1]) assert.equal(isBalanceAttributes(raw), superstructSays(raw));
  });
});

describe('totalsByCurrency (shared by the card and the companion)', () => {
  it('splits assets and liabilities, and nets them in cents', () => {
    const [usd] = totalsByCurrency([
      { currency: 'USD', type: 'depository', current: 0.1, available: 0.05 },
      { currency: 'USD', type: 'depository', current: 0.2, available: null },
      { currency: 'USD', type: 'credit', current: 0.15, available: 100 },
      { currency: null, type: 'depository', current: 5, available: 5 },
    ]);
    assert.deepEqual(usd, { currency: 'USD', amount: 0.15, assets: 0.3, liabilities: 0.15, accounts: 3 });
  });
});

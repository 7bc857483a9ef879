// The validator must be able to fail: broken responses are rejected.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertMatchesSpec, loadPlaidSpec } from './spec-validator.js';

const validAccount = {
  account_id: 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp',
  balances: { available: 100, current: 110, limit: null, iso_currency_code: 'USD', unofficial_currency_code: null },
  mask: '0000',
  name: 'Plaid Checking',
  official_name: null,
  type: 'depository',
  subtype: 'checking',
};

it('accepts a well-formed response and nullable fields set to null', () => {
  assert.deepEqual(loadPlaidSpec().validateSchema('AccountBase', validAccount), []);
});

it('rejects missing required fields, wrong types, bad enums and bad formats', () => {
  const spec = loadPlaidSpec();
  const noMask: Partial<typeof validAccount> = { ...validAccount };
  delete noMask.mask;
  assert.ok(spec.validateSchema('AccountBase', noMask).some((i) => i.message.includes('mask')));
  assert.notDeepEqual(
    spec.validateSchema('AccountBase', { ...validAccount, balances: { ...validAccount.balances, current: '110' } }),
    [],
  );
  assert.notDeepEqual(spec.validateSchema('AccountBase', { ...validAccount, type: 'checking' }), []);
  assert.notDeepEqual(spec.validateSchema('AccountBase', { ...validAccount, name: null }), []);
  assert.throws(
    () =>
      assertMatchesSpec('/link/token/create', 200, {
        link_token: 'link-sandbox-x',
        expiration: 'tomorrow',
        request_id: 'r',
      }),
    /expiration/,
  );
  assert.throws(() => assertMatchesSpec('/accounts/get', 200, { accounts: [validAccount], request_id: 'r' }), /item/);
});

it('treats non-200 bodies as PlaidError and checks their status field', () => {
  const error = {
    error_type: 'ITEM_ERROR',
    error_code: 'ITEM_LOGIN_REQUIRED',
    error_message: 'm',
    display_message: null,
    request_id: 'r',
    status: 400,
  };
  assert.doesNotThrow(() => assertMatchesSpec('/accounts/get', 400, error));
  assert.throws(() => assertMatchesSpec('/accounts/get', 400, { ...error, error_type: 'ITEM' }), /error_type/);
  assert.throws(() => assertMatchesSpec('/accounts/get', 400, { error_code: 'X' }), /PlaidError/);
  assert.throws(() => assertMatchesSpec('/accounts/get', 429, error), /differs from HTTP 429/);
});

it('honours additionalProperties: false where the spec sets it', () => {
  const spec = loadPlaidSpec();
  const name = Object.entries(spec.definitions).find(([, s]) => s.additionalProperties === false)?.[0];
  assert.ok(name, 'the spec has a closed schema');
  assert.ok(spec.validateSchema(name, { surely_not_a_field: 1 }).some((i) => i.message.includes('surely_not_a_field')));
});

it('maps nullable enums to accept null only where the spec says nullable', () => {
  const spec = loadPlaidSpec();
  assert.deepEqual(spec.validateSchema('AccountBase', { ...validAccount, subtype: null }), []);
  assert.notDeepEqual(spec.validateSchema('AccountBase', { ...validAccount, type: null }), []);
});

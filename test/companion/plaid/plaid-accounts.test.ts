import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlaidAccount } from '../../../src/companion/plaid/plaid-client.js';
import {
  accountChoice,
  createdEntities,
  currencyOf,
  storedAccount,
} from '../../../src/companion/plaid/plaid-accounts.js';
import { storedItem } from '../helpers/fixtures.js';

const plaid = {
  account_id: 'acc-1',
  name: 'Plaid Checking',
  official_name: 'Gold Checking',
  mask: '0000',
  type: 'depository',
  subtype: 'checking',
  balances: { current: 110, available: 100, limit: null, iso_currency_code: null, unofficial_currency_code: null },
} as unknown as PlaidAccount;

describe('Plaid account mappings', () => {
  it('a form choice carries the balances, suggested kinds and the entity ids under the label', () => {
    const c = accountChoice(plaid, 'First Platypus Bank');
    assert.deepEqual(c.suggested_kinds, ['current', 'available']);
    assert.equal(c.entity_ids.current, 'sensor.plaid_first_platypus_bank_0000_current');
    assert.equal(c.currency, 'XXX', 'no currency code: ISO 4217 "no currency", not a guess');
  });

  it('a stored account takes the user name (trimmed, else Plaid’s) and each kind once', () => {
    assert.equal(storedAccount(plaid, { name: '  Everyday ', kinds: ['current', 'current'] }).name, 'Everyday');
    const s = storedAccount(plaid, { name: ' ', kinds: ['available', 'current', 'available'] });
    assert.equal(s.name, 'Plaid Checking');
    assert.deepEqual(s.kinds, ['available', 'current']);
    assert.equal(s.current, 110);
  });

  it('lists one created entity per account and kind', () => {
    const item = storedItem();
    const created = createdEntities(item);
    assert.equal(
      created.length,
      item.accounts.reduce((n, a) => n + a.kinds.length, 0),
    );
    assert.equal(created[0]?.entity_id, 'sensor.plaid_first_platypus_bank_0000_current');
  });

  it('prefers the ISO currency, then the unofficial one', () => {
    assert.equal(
      currencyOf({ ...plaid, balances: { ...plaid.balances, unofficial_currency_code: 'BTC' } } as PlaidAccount),
      'BTC',
    );
    assert.equal(
      currencyOf({
        ...plaid,
        balances: { ...plaid.balances, iso_currency_code: 'EUR', unofficial_currency_code: 'BTC' },
      } as PlaidAccount),
      'EUR',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountsFormErrors, accountsFormStep, duplicateItem } from '../../../src/companion/link/item-accounts-form.js';
import { accountChoice } from '../../../src/companion/plaid/plaid-accounts.js';
import type { AccountChoice } from '../../../src/protocol/index.js';
import { accountsResponse, storedItem } from '../helpers/fixtures.js';

/** Plaid's checking account as the form lists it, under another account id. */
const choice = (account_id: string): AccountChoice => ({
  ...accountChoice(accountsResponse().accounts[0]!, 'First Platypus Bank'),
  account_id,
});

const newItem = { item_id: 'item-new', institution_id: 'ins_109508', institution_name: 'First Platypus Bank' };

describe('the accounts form', () => {
  it('names the Item it would duplicate: same institution, a shared mask', () => {
    const linked = storedItem();
    assert.equal(duplicateItem([linked], 'ins_109508', ['9999', '0000']), linked);
    assert.equal(duplicateItem([linked], 'ins_109508', ['9999']), undefined);
    assert.equal(duplicateItem([linked], 'ins_other', ['0000']), undefined);
    const form = accountsFormStep(newItem, [choice('a1')], linked);
    assert.deepEqual(form.data.duplicate_of, { item_id: linked.item_id, institution_name: linked.institution_name });
    assert.equal(accountsFormStep(newItem, [choice('a1')], undefined).data.duplicate_of, null);
  });

  it('refuses no accounts, unknown or repeated ones, and an unanswered duplicate question', () => {
    const form = accountsFormStep(newItem, [choice('a1'), choice('a2')], undefined);
    assert.deepEqual(accountsFormErrors(form, { accounts: [{ account_id: 'a1', kinds: ['current'] }] }), {});
    assert.match(accountsFormErrors(form, { accounts: [] }).accounts ?? '', /at least one/);
    assert.match(
      accountsFormErrors(form, { accounts: [{ account_id: 'zz', kinds: ['current'] }] }).accounts ?? '',
      /unknown account/,
    );
    const twice = [
      { account_id: 'a1', kinds: ['current' as const] },
      { account_id: 'a1', kinds: ['available' as const] },
    ];
    assert.match(accountsFormErrors(form, { accounts: twice }).accounts ?? '', /once/);
    const dup = accountsFormStep(newItem, [choice('a1')], storedItem());
    assert.match(
      accountsFormErrors(dup, { accounts: [{ account_id: 'a1', kinds: ['current'] }] }).duplicate ?? '',
      /keep_existing or replace/,
    );
    assert.deepEqual(
      accountsFormErrors(dup, { accounts: [], duplicate: 'keep_existing' }),
      {},
      'keeping the existing Item needs no accounts',
    );
  });
});

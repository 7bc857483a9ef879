import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formInput,
  initialSelection,
  isIncluded,
  offeredKinds,
  rename,
  setAll,
  setIncluded,
  setKind,
} from '../../../src/card/dialog/accounts-form.js';
import type { AccountChoice, FormStep } from '../../../src/protocol/index.js';
import { FORM_STEP } from '../fixtures/fake-companion.js';

const step = FORM_STEP as FormStep;
const [checking, credit] = step.data.accounts as [AccountChoice, AccountChoice];
const loan: AccountChoice = {
  ...credit,
  account_id: 'acc_loan',
  name: 'Plaid Student Loan',
  type: 'loan',
  available: null,
  // A companion may suggest a kind Plaid has no value for; the form must not offer it.
  suggested_kinds: ['current', 'available'],
  entity_ids: {
    current: 'sensor.plaid_first_platypus_bank_7777_current',
    available: 'sensor.plaid_first_platypus_bank_7777_available',
  },
};
const withLoan: FormStep = { ...step, data: { ...step.data, accounts: [checking, credit, loan] } };

describe('accounts form state', () => {
  it('starts from the suggested kinds and keeps choices when the form comes back', () => {
    const first = initialSelection(step, new Map());
    assert.deepEqual([...first.get('acc_checking')!.kinds], ['current', 'available']);
    assert.deepEqual([...first.get('acc_credit')!.kinds], ['current']);
    const renamed = rename(first, 'acc_checking', 'Everyday');
    assert.equal(initialSelection(step, renamed).get('acc_checking')!.name, 'Everyday');
  });

  it('offers only the balances Plaid reports', () => {
    assert.deepEqual(offeredKinds(loan), ['current']);
    const selection = initialSelection(withLoan, new Map());
    assert.deepEqual([...selection.get('acc_loan')!.kinds], ['current']);
    const forced = setKind(selection, 'acc_loan', 'available', true);
    assert.deepEqual(
      formInput(withLoan, forced, 'keep_existing').accounts.find((a) => a.account_id === 'acc_loan')!.kinds,
      ['current'],
    );
  });

  it('ticks and unticks accounts, one at a time or all at once', () => {
    let s = initialSelection(withLoan, new Map());
    s = setIncluded(s, credit, false);
    assert.equal(isIncluded(s, 'acc_credit'), false);
    assert.deepEqual(
      formInput(withLoan, s, 'keep_existing').accounts.map((a) => a.account_id),
      ['acc_checking', 'acc_loan'],
    );
    s = setAll(s, withLoan.data.accounts, false);
    assert.deepEqual(formInput(withLoan, s, 'keep_existing').accounts, []);
    s = setAll(s, withLoan.data.accounts, true);
    assert.deepEqual(
      withLoan.data.accounts.map((a) => isIncluded(s, a.account_id)),
      [true, true, true],
    );
    assert.deepEqual([...s.get('acc_credit')!.kinds], ['current']);
  });

  it('answers with names only where the user changed them, and the duplicate choice only for a duplicate', () => {
    let s = initialSelection(step, new Map());
    s = rename(s, 'acc_checking', '  Everyday ');
    s = rename(s, 'acc_credit', 'Plaid Credit Card');
    s = setKind(s, 'acc_credit', 'available', true);
    assert.deepEqual(formInput(step, s, 'replace'), {
      accounts: [
        { account_id: 'acc_checking', kinds: ['current', 'available'], name: 'Everyday' },
        { account_id: 'acc_credit', kinds: ['current', 'available'] },
      ],
    });
    const dup: FormStep = {
      ...step,
      data: { ...step.data, duplicate_of: { item_id: 'item_old', institution_name: 'First Platypus Bank' } },
    };
    assert.equal(formInput(dup, s, 'replace').duplicate, 'replace');
  });
});

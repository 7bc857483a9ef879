import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlaidFailure } from '../../../src/companion/errors.js';
import {
  applyLiabilities,
  applyLiabilitiesFailure,
  dueDatesMessage,
  wantDueDates,
} from '../../../src/companion/liabilities/due-dates.js';
import { storedItem } from '../helpers/fixtures.js';
import { liabilitiesResponse } from './liabilities-sample.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const failure = (code: string, retryable = false) => new PlaidFailure(code, 'ITEM_ERROR', null, 400, retryable, code);

describe('due-dates', () => {
  it('stores the due of credit and loan accounts only, and the time of the read', () => {
    const item = storedItem();
    wantDueDates(item);
    assert.deepEqual({ ...item.due_dates }, { status: 'pending', checked_at: null, error: null });
    applyLiabilities(item, liabilitiesResponse('2025-01-05'), NOW);
    assert.equal(item.accounts[0]!.due, undefined);
    assert.equal(item.accounts[1]!.due?.next_payment_due_date, '2025-01-05');
    assert.deepEqual({ ...item.due_dates }, { status: 'ok', checked_at: '2025-01-01T00:00:00.000Z', error: null });
    wantDueDates(item);
    assert.equal(item.due_dates?.status, 'ok', 'wanting them again changes nothing');
  });

  it('keeps the last good due through a failure, and says in words why there is none', () => {
    const item = storedItem({ institution_name: 'Houndstooth Bank' });
    applyLiabilities(item, liabilitiesResponse('2025-01-05'), NOW);
    applyLiabilitiesFailure(item, failure('INSTITUTION_DOWN', true), NOW + 1000);
    assert.equal(item.due_dates?.status, 'error');
    assert.equal(item.accounts[1]!.due?.minimum_payment, 20);
    assert.match(dueDatesMessage(item)!, /could not be read \(INSTITUTION_DOWN\); trying again later/);

    applyLiabilitiesFailure(item, failure('PRODUCTS_NOT_SUPPORTED'), NOW);
    assert.equal(item.due_dates?.status, 'not_supported');
    assert.match(dueDatesMessage(item)!, /unavailable: Houndstooth Bank does not share them/);

    applyLiabilitiesFailure(item, failure('ADDITIONAL_CONSENT_REQUIRED'), NOW);
    assert.equal(item.due_dates?.status, 'not_consented');
    assert.match(dueDatesMessage(item)!, /not consented at Houndstooth Bank: Plaid needs your consent/);
  });

  it('drops the dues when the bank stops sharing Liabilities or the consent is gone', () => {
    for (const code of ['PRODUCTS_NOT_SUPPORTED', 'ADDITIONAL_CONSENT_REQUIRED']) {
      const item = storedItem();
      applyLiabilities(item, liabilitiesResponse('2025-01-05'), NOW);
      applyLiabilitiesFailure(item, failure(code), NOW + 1000);
      assert.equal(item.accounts[1]!.due, undefined, code);
    }
  });

  it('takes NO_LIABILITY_ACCOUNTS as a good answer with nothing due', () => {
    const item = storedItem();
    applyLiabilities(item, liabilitiesResponse(), NOW);
    applyLiabilitiesFailure(item, failure('NO_LIABILITY_ACCOUNTS'), NOW);
    assert.equal(item.due_dates?.status, 'ok');
    assert.equal(item.accounts[1]!.due, undefined);
    assert.equal(dueDatesMessage(item), null);
  });

  it('says nothing for an Item that never asked for due dates', () => {
    assert.equal(dueDatesMessage(storedItem()), null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPlaidRemoved,
  checkPlaidTransaction,
  toParsedTransaction,
} from '../../../src/companion/transactions/plaid-transaction.js';
import { ledgerEntry, plaidTransaction } from './transaction-samples.js';

describe('plaid-transaction', () => {
  it("takes the fields the companion uses from Plaid's Transaction", () => {
    const checked = checkPlaidTransaction(plaidTransaction({ id: 'tx1', date: '2025-01-05' }));
    assert.ok(checked);
    assert.deepEqual(toParsedTransaction(checked, 'EUR'), {
      entry: ledgerEntry({ id: 'tx1', date: '2025-01-05' }),
      replaces: null,
    });
  });

  it('dates a transaction by the day it was made, names it by its merchant, else by the bank', () => {
    const raw = { ...plaidTransaction({ id: 'tx1', date: '2025-01-07', merchant: null, name: 'ACH DEBIT' }) };
    raw.authorized_date = '2025-01-05';
    const { entry } = toParsedTransaction(checkPlaidTransaction(raw)!, 'USD');
    assert.equal(entry.date, '2025-01-05');
    assert.equal(entry.name, 'ACH DEBIT');
    assert.equal(entry.merchant, null);
  });

  it("a posted transaction names the pending one it replaces; no currency code takes the account's", () => {
    const raw = { ...plaidTransaction({ id: 'tx2', date: '2025-01-05', replaces: 'tx1' }), iso_currency_code: null };
    const parsed = toParsedTransaction(checkPlaidTransaction(raw)!, 'CAD');
    assert.equal(parsed.replaces, 'tx1');
    assert.equal(parsed.entry.currency, 'CAD');
  });

  it('turns away a malformed transaction instead of trusting it', () => {
    const good = plaidTransaction({ id: 'tx1', date: '2025-01-05' });
    for (const broken of [
      { ...good, amount: null },
      { ...good, amount: '4.50' },
      { ...good, date: '05/01/2025' },
      { ...good, transaction_id: '' },
      { ...good, pending: 'no' },
      { ...good, personal_finance_category: { primary: 7 } },
      null,
      'tx1',
    ]) {
      assert.equal(checkPlaidTransaction(broken), null, JSON.stringify(broken));
    }
    assert.equal(checkPlaidRemoved({ transaction_id: 'tx1', account_id: 'a' }), 'tx1');
    assert.equal(checkPlaidRemoved({ account_id: 'a' }), null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPlaidTransaction, toParsedTransaction } from '../../../src/companion/transactions/plaid-transaction.js';
import { LEDGER_MAX, WorkingWindow } from '../../../src/companion/transactions/transaction-window.js';
import { ledgerEntry, plaidTransaction, type SampleTransaction } from './transaction-samples.js';

const parsed = (t: SampleTransaction) => toParsedTransaction(checkPlaidTransaction(plaidTransaction(t))!, 'USD');
const page = (added: SampleTransaction[] = [], modified: SampleTransaction[] = [], removed: string[] = []) => ({
  added: added.map(parsed),
  modified: modified.map(parsed),
  removed,
});
const ids = (entries: { transaction_id: string }[]) => entries.map((e) => e.transaction_id);

describe('transaction-window', () => {
  it('keeps what is inside the window, newest first, and calls each added one new', () => {
    const window = new WorkingWindow([], '2025-01-01');
    const fresh = window.apply(
      page([
        { id: 'old', date: '2024-12-31' },
        { id: 'a', date: '2025-01-02' },
        { id: 'b', date: '2025-01-03' },
      ]),
    );
    assert.deepEqual(ids(fresh), ['old', 'a', 'b'], 'new, in or out of the window: events decide by date');
    assert.deepEqual(ids(window.ledger()), ['b', 'a']);
  });

  it('a posted transaction replaces its pending one: one purchase, not two', () => {
    const window = new WorkingWindow([ledgerEntry({ id: 'p1', date: '2025-01-02', pending: true })], '2025-01-01');
    const fresh = window.apply(page([{ id: 't1', date: '2025-01-03', replaces: 'p1', amount: 5 }], [], ['p1']));
    assert.deepEqual(fresh, []);
    assert.deepEqual(window.ledger(), [ledgerEntry({ id: 't1', date: '2025-01-03', amount: 5 })]);
  });

  it('knows the pending one when its removal came a page before the posted one', () => {
    const window = new WorkingWindow([ledgerEntry({ id: 'p1', date: '2025-01-02', pending: true })], '2025-01-01');
    assert.deepEqual(window.apply(page([], [], ['p1'])), []);
    assert.deepEqual(window.apply(page([{ id: 't1', date: '2025-01-03', replaces: 'p1' }])), []);
    assert.deepEqual(ids(window.ledger()), ['t1']);
  });

  it('applies modified and removed; one it already holds is not new again', () => {
    const window = new WorkingWindow(
      [ledgerEntry({ id: 'a', date: '2025-01-02' }), ledgerEntry({ id: 'b', date: '2025-01-03' })],
      '2025-01-01',
    );
    const fresh = window.apply(page([{ id: 'a', date: '2025-01-02' }], [{ id: 'b', date: '2025-01-04', amount: 9 }]));
    assert.deepEqual(fresh, []);
    assert.deepEqual(window.ledger()[0], ledgerEntry({ id: 'b', date: '2025-01-04', amount: 9 }));
    window.apply(page([], [], ['a', 'never-seen']));
    assert.deepEqual(ids(window.ledger()), ['b']);
  });

  it('drops what the window has left behind, and a modification that moves one out of it', () => {
    const window = new WorkingWindow(
      [ledgerEntry({ id: 'a', date: '2024-12-20' }), ledgerEntry({ id: 'b', date: '2025-01-03' })],
      '2025-01-01',
    );
    assert.deepEqual(ids(window.ledger()), ['b']);
    window.apply(page([], [{ id: 'b', date: '2024-12-30' }]));
    assert.deepEqual(window.ledger(), []);
  });

  it(`keeps at most ${LEDGER_MAX}, the newest`, () => {
    const window = new WorkingWindow([], '2025-01-01');
    const many = Array.from({ length: LEDGER_MAX + 10 }, (_, n) => ({
      id: `t${String(n).padStart(5, '0')}`,
      date: n < 10 ? '2025-01-01' : '2025-01-02',
    }));
    window.apply(page(many));
    const ledger = window.ledger();
    assert.equal(ledger.length, LEDGER_MAX);
    assert.ok(ledger.every((e) => e.date === '2025-01-02'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RECENT_MAX } from '../../../src/protocol/index.js';
import { recentTransactions } from '../../../src/companion/transactions/recent-list.js';
import { entry } from './ledger-samples.js';

const at = (iso: string) => Date.parse(iso);

describe("an account's recent list", () => {
  it('lists the last 30 days of the account, newest first, without signs', () => {
    const list = recentTransactions(
      [
        entry('2026-11-09', 1, 'FOOD_AND_DRINK'),
        entry('2026-11-10', 2, 'FOOD_AND_DRINK'),
        entry('2026-12-10', -3, 'FOOD_AND_DRINK', { pending: true }),
        entry('2026-12-01', -2500, 'INCOME'),
        entry('2026-12-05', 4, 'FOOD_AND_DRINK', { account_id: 'acc_2' }),
      ],
      'acc_1',
      at('2026-12-10T12:00:00Z'),
      'UTC',
    );
    assert.deepEqual(list, [
      {
        date: '2026-12-10',
        name: 'Shop',
        amount: 3,
        direction: 'in',
        event_type: 'refund',
        category: 'FOOD_AND_DRINK',
        pending: true,
      },
      {
        date: '2026-12-01',
        name: 'Shop',
        amount: 2500,
        direction: 'in',
        event_type: 'income',
        category: 'INCOME',
        pending: false,
      },
      {
        date: '2026-11-10',
        name: 'Shop',
        amount: 2,
        direction: 'out',
        event_type: 'purchase',
        category: 'FOOD_AND_DRINK',
        pending: false,
      },
    ]);
  });

  it('counts the days in HA time zone', () => {
    const ledger = [entry('2026-11-10', 2, 'FOOD_AND_DRINK')];
    // 10:00 UTC on Dec 10th is already Dec 11th in Kiritimati, where Nov 10th has left the window.
    assert.equal(recentTransactions(ledger, 'acc_1', at('2026-12-10T09:00:00Z'), 'Pacific/Kiritimati').length, 1);
    assert.equal(recentTransactions(ledger, 'acc_1', at('2026-12-10T10:00:00Z'), 'Pacific/Kiritimati').length, 0);
  });

  it('holds at most RECENT_MAX', () => {
    const ledger = Array.from({ length: RECENT_MAX + 5 }, (_, i) =>
      entry('2026-12-10', i + 1, 'FOOD_AND_DRINK', { transaction_id: `t${i}` }),
    );
    const list = recentTransactions(ledger, 'acc_1', at('2026-12-10T12:00:00Z'), 'UTC');
    assert.equal(list.length, RECENT_MAX);
    assert.equal(list[0]?.amount, 1);
  });
});

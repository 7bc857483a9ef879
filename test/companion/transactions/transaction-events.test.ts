import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert as check } from 'superstruct';
import { TransactionEventDataSchema, type TransactionEventData } from '../../../src/protocol/index.js';
import {
  OUTBOX_MAX,
  appendToOutbox,
  transactionEvent,
} from '../../../src/companion/transactions/transaction-events.js';
import { storedItem } from '../helpers/fixtures.js';
import { ledgerEntry } from './transaction-samples.js';

describe('transaction-events', () => {
  it('builds the event from the transaction and its account, amounts unsigned with a direction', () => {
    const event = transactionEvent(
      storedItem(),
      ledgerEntry({
        id: 'tx1',
        date: '2025-01-19',
        amount: -20,
        account: 'acc-credit-1',
        category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE'],
      }),
    );
    assert.ok(event);
    check(event, TransactionEventDataSchema);
    assert.deepEqual(event, {
      plaid_balance_transaction: 1,
      event_type: 'refund',
      transaction_id: 'tx1',
      amount: 20,
      direction: 'in',
      currency: 'USD',
      name: 'Starbucks',
      merchant: 'Starbucks',
      category: 'GENERAL_MERCHANDISE',
      category_detailed: 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE',
      pending: false,
      date: '2025-01-19',
      account: 'Plaid Credit Card',
      mask: '3333',
      institution_name: 'First Platypus Bank',
      plaid_item_id: 'item-aaaa1111',
      plaid_account_id: 'acc-credit-1',
      balance_entity: 'sensor.plaid_first_platypus_bank_3333_current',
    });
    assert.equal(transactionEvent(storedItem(), ledgerEntry({ id: 'x', date: '2025-01-19', account: 'gone' })), null);
  });

  it(`waits with at most ${OUTBOX_MAX} events, the newest, and never twice for one transaction`, () => {
    const event = (n: number) =>
      ({
        ...transactionEvent(storedItem(), ledgerEntry({ id: `t${n}`, date: '2025-01-19' }))!,
      }) as TransactionEventData;
    const waiting = Array.from({ length: OUTBOX_MAX - 1 }, (_, n) => event(n));
    const { outbox, dropped } = appendToOutbox(waiting, [event(0), event(OUTBOX_MAX), event(OUTBOX_MAX + 1)]);
    assert.equal(outbox.length, OUTBOX_MAX);
    assert.equal(dropped, 1);
    assert.equal(outbox[0]!.transaction_id, 't1');
    assert.equal(outbox.at(-1)!.transaction_id, `t${OUTBOX_MAX + 1}`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransactionsSyncResponse } from 'plaid';
import { PlaidFailure } from '../../../src/companion/errors.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import type { ItemTransactions } from '../../../src/companion/transactions/item-transactions.js';
import {
  SYNC_PAGE_SIZE,
  commitSync,
  syncPages,
  type SyncCommit,
} from '../../../src/companion/transactions/sync-pages.js';
import { emptyItemTransactions } from '../../../src/companion/transactions/transaction-events.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';
import { ledgerEntry, plaidTransaction, type SampleTransaction } from './transaction-samples.js';

const NOW = Date.parse('2025-01-20T12:00:00Z');

interface FakePage {
  added?: unknown[];
  modified?: unknown[];
  removed?: unknown[];
  next_cursor: string;
  has_more?: boolean;
  transactions_update_status?: string;
}

/** Answers each call with the next of `answers`; records the cursors asked for. */
function fakePlaid(answers: (FakePage | Error)[]) {
  const cursors: (string | null)[] = [];
  const counts: number[] = [];
  return {
    cursors,
    counts,
    syncTransactions: async (_token: string, cursor: string | null, count: number) => {
      cursors.push(cursor);
      counts.push(count);
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return {
        accounts: [],
        added: [],
        modified: [],
        removed: [],
        has_more: false,
        transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
        request_id: 'r',
        ...answer,
      } as unknown as TransactionsSyncResponse;
    },
  };
}

const tx = (t: SampleTransaction) => plaidTransaction(t);
const failure = (code: string) => new PlaidFailure(code, 'ITEM_ERROR', `display ${code}`, 400, false, code);

function synced(transactions: Partial<ItemTransactions> = {}): StoredItem {
  return storedItem({
    transactions: { ...emptyItemTransactions('ok'), cursor: 'c0', events_since: '2025-01-10', ...transactions },
  });
}

async function run(item: StoredItem, answers: (FakePage | Error)[]) {
  const plaid = fakePlaid(answers);
  const log = memoryLogger();
  const outcome = await syncPages(item, { plaid, log, now: NOW, timeZone: 'UTC' });
  return { outcome, plaid, log };
}

function commitOf(outcome: Awaited<ReturnType<typeof syncPages>>): SyncCommit {
  assert.equal(outcome.kind, 'synced', JSON.stringify(outcome));
  return (outcome as { commit: SyncCommit }).commit;
}

describe('sync-pages', () => {
  it('pages a first sync to the end, 500 at a time, and records no event for the past', async () => {
    const { outcome, plaid } = await run(storedItem(), [
      {
        added: [tx({ id: 'a', date: '2025-01-02' }), tx({ id: 'old', date: '2023-05-01' })],
        next_cursor: 'c1',
        has_more: true,
      },
      { added: [tx({ id: 'b', date: '2025-01-19' })], next_cursor: 'c2' },
    ]);
    const commit = commitOf(outcome);
    assert.deepEqual(plaid.cursors, [null, 'c1']);
    assert.deepEqual(plaid.counts, [SYNC_PAGE_SIZE, SYNC_PAGE_SIZE]);
    assert.equal(commit.cursor, 'c2');
    assert.equal(commit.events_since, '2025-01-20');
    assert.deepEqual(commit.events, []);
    assert.deepEqual(
      commit.ledger.map((e) => e.transaction_id),
      ['b', 'a'],
      'two years pass through; the window keeps from last month',
    );
  });

  it('records one event per new transaction, oldest first, none for history older than events_since', async () => {
    const { outcome } = await run(synced(), [
      {
        added: [
          tx({ id: 'n2', date: '2025-01-19', amount: 12 }),
          tx({ id: 'n1', date: '2025-01-18', amount: -100, category: ['INCOME', 'INCOME_WAGES'] }),
          tx({ id: 'backfill', date: '2025-01-05' }),
        ],
        next_cursor: 'c1',
      },
    ]);
    const commit = commitOf(outcome);
    assert.deepEqual(
      commit.events.map((e) => [e.transaction_id, e.event_type, e.amount, e.direction]),
      [
        ['n1', 'income', 100, 'in'],
        ['n2', 'purchase', 12, 'out'],
      ],
    );
    assert.equal(commit.events_since, '2025-01-10');
  });

  it('a pending purchase that posts fires no second event', async () => {
    const item = synced({ ledger: [ledgerEntry({ id: 'p1', date: '2025-01-18', pending: true })] });
    const { outcome } = await run(item, [
      {
        added: [tx({ id: 't1', date: '2025-01-19', replaces: 'p1' })],
        removed: [{ transaction_id: 'p1' }],
        next_cursor: 'c1',
      },
    ]);
    const commit = commitOf(outcome);
    assert.deepEqual(commit.events, []);
    assert.deepEqual(
      commit.ledger.map((e) => [e.transaction_id, e.pending]),
      [['t1', false]],
    );
  });

  it('starts over from the first cursor with a fresh copy when the data changes while paging', async () => {
    const { outcome, plaid } = await run(synced(), [
      { added: [tx({ id: 'n1', date: '2025-01-19' })], next_cursor: 'c1', has_more: true },
      failure('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION'),
      { added: [tx({ id: 'n1', date: '2025-01-19' })], next_cursor: 'c1b', has_more: true },
      { added: [tx({ id: 'n2', date: '2025-01-19' })], next_cursor: 'c2' },
    ]);
    const commit = commitOf(outcome);
    assert.deepEqual(plaid.cursors, ['c0', 'c1', 'c0', 'c1b']);
    assert.deepEqual(
      commit.events.map((e) => e.transaction_id),
      ['n1', 'n2'],
    );
    assert.equal(commit.cursor, 'c2');
  });

  it('gives up for this poll when the data keeps changing', async () => {
    const mutation = () => failure('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
    const page = { next_cursor: 'c1', has_more: true };
    const { outcome } = await run(synced(), [page, mutation(), page, mutation(), page, mutation(), page, mutation()]);
    assert.equal(outcome.kind, 'failed');
  });

  it('skips and counts a malformed transaction, and goes on', async () => {
    const { outcome } = await run(synced(), [
      {
        added: [{ ...tx({ id: 'bad', date: '2025-01-19' }), amount: null }, tx({ id: 'good', date: '2025-01-19' })],
        removed: [{ account_id: 'x' }],
        next_cursor: 'c1',
      },
    ]);
    const commit = commitOf(outcome);
    assert.equal(commit.skipped, 2);
    assert.deepEqual(
      commit.ledger.map((e) => e.transaction_id),
      ['good'],
    );
  });

  it('leaves out the accounts the user did not keep', async () => {
    const { outcome } = await run(synced(), [
      { added: [tx({ id: 'other', date: '2025-01-19', account: 'acc-not-kept' })], next_cursor: 'c1' },
    ]);
    const commit = commitOf(outcome);
    assert.deepEqual([commit.ledger, commit.events, commit.skipped], [[], [], 0]);
  });

  it("waits quietly while Plaid's first pull runs", async () => {
    const empty = { next_cursor: '', transactions_update_status: 'NOT_READY' };
    const { outcome, log } = await run(storedItem(), [empty]);
    assert.deepEqual(outcome, { kind: 'not_ready' });
    assert.deepEqual((await run(storedItem(), [failure('PRODUCT_NOT_READY')])).outcome, { kind: 'not_ready' });
    assert.ok(!log.lines.some((l) => /"level":"(info|warn)"/.test(l)));
  });

  it('tells an Item without Transactions from a failure', async () => {
    const notSupported = await run(synced(), [failure('PRODUCTS_NOT_SUPPORTED')]);
    assert.deepEqual(notSupported.outcome, {
      kind: 'not_enabled',
      error: { error_code: 'PRODUCTS_NOT_SUPPORTED', display_message: 'display PRODUCTS_NOT_SUPPORTED' },
    });
    const down = await run(synced(), [failure('INSTITUTION_DOWN')]);
    assert.equal(down.outcome.kind, 'failed');
    const garbled = await run(synced(), [{ next_cursor: 'c1', added: 'nope' } as unknown as FakePage]);
    assert.equal(garbled.outcome.kind, 'failed');
  });

  it('never logs a transaction above debug', async () => {
    const { log } = await run(synced(), [
      { added: [tx({ id: 'n1', date: '2025-01-19', name: 'SECRET SHOP' })], next_cursor: 'c1' },
    ]);
    assert.ok(!log.lines.join('\n').includes('SECRET SHOP'));
  });
});

describe('commitSync', () => {
  const commit = (events: string[]): SyncCommit => ({
    cursor: 'c9',
    synced_at: new Date(NOW).toISOString(),
    events_since: '2025-01-10',
    ledger: [],
    events: events.map((id) => ({ ...eventData, transaction_id: id })),
    skipped: 1,
  });
  const eventData = {
    plaid_balance_transaction: 1 as const,
    event_type: 'purchase' as const,
    transaction_id: 'x',
    amount: 1,
    direction: 'out' as const,
    currency: 'USD',
    name: 'n',
    merchant: null,
    category: null,
    category_detailed: null,
    pending: false,
    date: '2025-01-19',
    account: 'Plaid Checking',
    mask: '0000',
    institution_name: 'First Platypus Bank',
    plaid_item_id: 'item-aaaa1111',
    plaid_account_id: 'acc-checking-1',
    balance_entity: 'sensor.plaid_first_platypus_bank_0000_current',
  };

  it('appends to the outbox as the store holds it now, so events HA confirmed meanwhile stay gone', () => {
    const now = { ...emptyItemTransactions('ok'), skipped: 2, outbox: [{ ...eventData, transaction_id: 'waiting' }] };
    const { transactions, dropped } = commitSync(now, commit(['waiting', 'n1']));
    assert.deepEqual(
      transactions.outbox.map((e) => e.transaction_id),
      ['waiting', 'n1'],
    );
    assert.equal(transactions.skipped, 3);
    assert.equal(transactions.cursor, 'c9');
    assert.equal(transactions.status, 'ok');
    assert.equal(dropped, 0);
  });
});

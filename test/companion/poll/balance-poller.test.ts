import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BalancePoller, type ItemRepository } from '../../../src/companion/poll/balance-poller.js';
import { PlaidFailure } from '../../../src/companion/errors.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import type { TransactionsSyncer } from '../../../src/companion/transactions/item-sync.js';
import { emptyItemTransactions } from '../../../src/companion/transactions/transaction-events.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { accountsResponse, memoryLogger, storedItem } from '../helpers/fixtures.js';

function repo(items: StoredItem[]): ItemRepository {
  return {
    get: (id) => structuredClone(items.find((i) => i.item_id === id)),
    items: () => structuredClone(items),
    update: async (id, change) => {
      const item = items.find((i) => i.item_id === id);
      if (!item) return undefined;
      change(item);
      return structuredClone(item);
    },
  };
}

const failure = (code: string, retryable: boolean, status = 400) =>
  new PlaidFailure(code, 'ITEM_ERROR', `display ${code}`, status, retryable, code);

function setup(
  respond: (n: number) => unknown,
  endpoint: 'accounts_get' | 'balance_get' = 'accounts_get',
  transactions?: TransactionsSyncer,
) {
  const clock = new FakeClock();
  const items = [storedItem()];
  const calls: number[] = [];
  const changes: [StoredItem, StoredItem][] = [];
  const transactionsChanged: StoredItem[] = [];
  const api = async () => {
    calls.push(clock.now());
    const r = respond(calls.length);
    if (r instanceof Error) throw r;
    return r as ReturnType<typeof accountsResponse>;
  };
  const poller = new BalancePoller({
    store: repo(items),
    plaid: { getAccounts: api, getBalances: api },
    onItemChanged: async (b, a) => void changes.push([b, a]),
    clock,
    log: memoryLogger(),
    intervalMs: 3600_000,
    endpoint,
    random: () => 0,
    transactions,
    onTransactionsChanged: async (item) => void transactionsChanged.push(item),
  });
  return { clock, items, calls, changes, transactionsChanged, poller };
}

describe('balance-poller', () => {
  it('polls every interval and applies balances', async () => {
    const t = setup((n) => accountsResponse(100 + n));
    t.poller.start();
    await t.clock.advance(24 * 3600_000);
    t.poller.stop();
    assert.equal(t.calls.length, 25);
    assert.equal(t.items[0]!.accounts[0]!.current, 125);
    assert.equal(t.items[0]!.accounts[1]!.current, 410, 'an account Plaid did not return keeps its last value');
    assert.equal(t.items[0]!.status, 'ok');
  });

  it('backs off exponentially on transient failures, keeping the last good balance', async () => {
    const t = setup((n) => (n <= 4 ? failure('INSTITUTION_DOWN', true) : accountsResponse(500)));
    t.poller.start();
    await t.clock.advance(60_000 + 120_000 + 240_000 + 480_000);
    assert.deepEqual(
      t.calls.map((c) => (c - t.calls[0]!) / 1000),
      [0, 60, 180, 420, 900],
    );
    const mid = t.changes[2]![1];
    assert.equal(mid.status, 'error');
    assert.deepEqual(mid.error, { error_code: 'INSTITUTION_DOWN', display_message: 'display INSTITUTION_DOWN' });
    assert.equal(mid.accounts[0]!.current, 110);
    assert.equal(t.items[0]!.status, 'ok');
    assert.equal(t.items[0]!.error, null);
    t.poller.stop();
  });

  it('stops polling an item that needs a login until it is healed', async () => {
    const t = setup((n) => (n === 1 ? failure('ITEM_LOGIN_REQUIRED', false) : accountsResponse(1)));
    t.poller.start();
    await t.clock.advance(10 * 3600_000);
    assert.equal(t.calls.length, 1);
    assert.equal(t.items[0]!.status, 'login_required');
    assert.equal(t.clock.pending, 0);
    assert.equal(await t.poller.pollNow('item-aaaa1111'), true);
    assert.equal(t.calls.length, 1, 'pollNow makes no call while login is required');
    t.items[0]!.status = 'ok';
    await t.poller.pollNow('item-aaaa1111');
    assert.equal(t.calls.length, 2);
    t.poller.stop();
  });

  it('keeps polling an item pending expiration', async () => {
    const t = setup((n) =>
      n === 1
        ? failure('PENDING_EXPIRATION', false)
        : accountsResponse(1, { consent_expiration_time: '2025-01-03T00:00:00Z' }),
    );
    t.poller.start();
    await t.clock.advance(3600_000);
    assert.equal(t.calls.length, 2);
    assert.equal(t.items[0]!.status, 'pending_expiration');
    t.poller.stop();
  });

  it('never exceeds 5 calls a minute per item on /accounts/balance/get, even with refreshes', async () => {
    const t = setup(() => accountsResponse(1), 'balance_get');
    const results: boolean[] = [];
    for (let n = 0; n < 8; n++) {
      results.push(await t.poller.pollNow('item-aaaa1111'));
      await t.clock.advance(1000);
    }
    assert.deepEqual(results, [true, true, true, true, true, false, false, false]);
    assert.equal(t.calls.length, 5);
    t.poller.stop();
  });

  it("syncs the Item's transactions after a good poll, and tells its caller when they changed", async () => {
    const synced: [string, unknown][] = [];
    const items: StoredItem[] = [];
    const syncer: TransactionsSyncer = {
      sync: async (itemId, plaidItem) => {
        synced.push([itemId, plaidItem.billed_products]);
        items[0]!.transactions = { ...emptyItemTransactions('ok'), cursor: 'c1' };
        return synced.length === 1;
      },
    };
    const t = setup(
      (n) =>
        n === 2
          ? failure('INSTITUTION_DOWN', true)
          : accountsResponse(1, { billed_products: ['transactions' as never] }),
      'accounts_get',
      syncer,
    );
    items.push(t.items[0]!);
    await t.poller.pollNow('item-aaaa1111');
    assert.deepEqual(synced, [['item-aaaa1111', ['transactions']]]);
    assert.equal(t.transactionsChanged.length, 1);
    assert.equal(t.transactionsChanged[0]!.transactions?.cursor, 'c1');
    assert.equal(t.changes.length, 1);
    assert.equal(t.changes[0]![1].transactions, undefined, 'the balances went to HA before the sync');
    await t.poller.pollNow('item-aaaa1111');
    assert.equal(synced.length, 1, 'no sync after a failed balance poll');
    await t.poller.pollNow('item-aaaa1111');
    assert.equal(synced.length, 2);
    assert.equal(t.transactionsChanged.length, 1, 'nothing changed: nothing to tell');
    t.poller.stop();
  });

  it('a failing sync never costs the balances', async () => {
    const syncer: TransactionsSyncer = { sync: () => Promise.reject(new Error('store write failed')) };
    const t = setup(() => accountsResponse(321), 'accounts_get', syncer);
    t.poller.start();
    await t.clock.advance(3600_000);
    assert.equal(t.calls.length, 2);
    assert.equal(t.items[0]!.accounts[0]!.current, 321);
    assert.equal(t.items[0]!.status, 'ok');
    assert.equal(t.changes.length, 2);
    t.poller.stop();
  });
});

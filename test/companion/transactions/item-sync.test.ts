// The transactions sync against the Plaid simulator through the real `plaid`
// SDK (PlaidClient) and a real token store: a two-year history paged through
// a bounded window, data changing while paging, pending purchases posting,
// changes and removals, Plaid's first pull, an Item linked without
// Transactions, a malformed transaction, and a crash before the commit.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { CountryCode, Products } from 'plaid';
import { PlaidClient } from '../../../src/companion/plaid/plaid-client.js';
import { TokenStore, type StoredItem } from '../../../src/companion/store/token-store.js';
import { ItemTransactionsSync, type TransactionsRepository } from '../../../src/companion/transactions/item-sync.js';
import { windowStart } from '../../../src/companion/transactions/window-dates.js';
import { startPlaidSim, type PlaidSim, type PlaidSimOptions } from '../../../simulators/plaid/plaid-server.js';
import { sdkClient } from '../../../simulators/plaid/test-support.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';

const DAY = 86_400_000;
const BACKOFF = { baseMs: 60_000, maxMs: 3600_000, jitter: 0 };

interface Setup {
  sim: PlaidSim;
  clock: FakeClock;
  plaid: PlaidClient;
  store: TokenStore;
  log: ReturnType<typeof memoryLogger>;
  sync(store?: TransactionsRepository, enabled?: boolean): ItemTransactionsSync;
  link(options?: { username?: string; products?: Products[] }): Promise<StoredItem>;
  /** One poll's sync, with the Item's products as the balance call reports them. */
  poll(itemId: string, syncer?: ItemTransactionsSync): Promise<boolean>;
  syncCalls(itemId: string): number;
}

const open: Setup[] = [];
const dirs: string[] = [];

async function setup(options: PlaidSimOptions = {}): Promise<Setup> {
  const clock = new FakeClock(Date.parse('2025-11-30T12:00:00Z'));
  const sim = await startPlaidSim({ now: () => clock.now(), ...options });
  const log = memoryLogger();
  const plaid = new PlaidClient({
    clientId: sim.clientId,
    secret: sim.secret,
    env: 'sandbox',
    baseUrl: sim.url,
    countryCodes: [CountryCode.Us],
    products: [Products.Transactions],
    log,
  });
  const dir = await mkdtemp(join(tmpdir(), 'pbc-item-sync-'));
  dirs.push(dir);
  const store = await TokenStore.open(dir);
  const defaultSyncer = () =>
    new ItemTransactionsSync({ store, plaid, clock, log, enabled: true, backoff: BACKOFF, timeZone: () => 'UTC' });
  const s: Setup = {
    sim,
    clock,
    plaid,
    store,
    log,
    sync: (repo = store, enabled = true) =>
      new ItemTransactionsSync({ store: repo, plaid, clock, log, enabled, backoff: BACKOFF, timeZone: () => 'UTC' }),
    async link({ username = 'user_good', products = [Products.Transactions] } = {}) {
      const sdk = sdkClient(sim);
      const created = await sdk.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: products,
        options: { override_username: username, override_password: username === 'user_good' ? 'pass_good' : 'x' },
      });
      const { access_token, item_id } = (await sdk.itemPublicTokenExchange({ public_token: created.data.public_token }))
        .data;
      const { accounts } = await plaid.getAccounts(access_token);
      const template = storedItem().accounts[0]!;
      const item = storedItem({
        item_id,
        access_token,
        accounts: accounts
          .filter((a) => a.type === 'depository' || a.type === 'credit')
          .map((a) => ({ ...template, account_id: a.account_id, name: a.name, mask: a.mask, type: a.type })),
      });
      await store.put(item);
      return item;
    },
    async poll(itemId, syncer = defaultSyncer()) {
      const { item } = await plaid.getAccounts(store.get(itemId)!.access_token);
      return syncer.sync(itemId, item);
    },
    syncCalls: (itemId) => sim.callsFor('/transactions/sync', itemId).length,
  };
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.store.close();
    await s.sim.close();
  }
});
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const ids = (list: { transaction_id: string }[]) => list.map((t) => t.transaction_id);

describe('item-sync against the Plaid simulator', () => {
  it('pages two years of history through a window of two months, starting over when the data changes', async () => {
    const large = await setup({ transactions: { generatedDays: 730 } });
    const item = await large.link();
    const total = large.sim.transactions(item.item_id).length;
    assert.ok(total > 2000, `${total} transactions`);
    large.sim.failNextSyncPage(item.item_id);
    assert.equal(await large.poll(item.item_id), true);
    const pages = Math.ceil(total / 500);
    // The first page, the one that found the data changed, then the whole update again.
    assert.equal(large.syncCalls(item.item_id), 2 + pages);
    const t = large.store.get(item.item_id)!.transactions!;
    assert.equal(t.status, 'ok');
    assert.ok(t.cursor);
    assert.equal(t.events_since, '2025-11-30');
    assert.deepEqual(t.outbox, [], 'the first sync is the past: no events');
    const start = windowStart(large.clock.now(), 'UTC');
    assert.ok(t.ledger.length > 0 && t.ledger.length < total / 5, `${t.ledger.length} kept of ${total}`);
    assert.ok(t.ledger.every((e) => e.date >= start));
    const inWindow = large.sim
      .transactions(item.item_id)
      .filter(
        (x) => (x.authorized_date ?? x.date) >= start && item.accounts.some((a) => a.account_id === x.account_id),
      );
    assert.deepEqual(new Set(ids(t.ledger)), new Set(ids(inWindow)));
    assert.equal(new Set(ids(t.ledger)).size, t.ledger.length);
  });

  it('records a new purchase once: pending, posted, changed and removed', async () => {
    const s = await setup();
    const item = await s.link();
    assert.equal(await s.poll(item.item_id), true);
    assert.equal(await s.poll(item.item_id), false, 'nothing new: nothing for HA');
    const pending = s.sim.createTransaction(item.item_id, {
      name: 'BLUE BOTTLE',
      merchantName: 'Blue Bottle',
      amount: 6.5,
      pending: true,
    });
    assert.equal(await s.poll(item.item_id), true);
    let t = s.store.get(item.item_id)!.transactions!;
    assert.deepEqual(
      t.outbox.map((e) => [e.transaction_id, e.event_type, e.amount, e.pending, e.name]),
      [[pending.transaction_id, 'purchase', 6.5, true, 'Blue Bottle']],
    );

    await s.clock.advance(DAY);
    const posted = s.sim.postTransaction(pending.transaction_id, 7.25);
    await s.poll(item.item_id);
    t = s.store.get(item.item_id)!.transactions!;
    assert.equal(t.outbox.length, 1, 'the posted purchase is the same purchase');
    assert.ok(!ids(t.ledger).includes(pending.transaction_id));
    assert.equal(t.ledger.find((e) => e.transaction_id === posted.transaction_id)?.amount, 7.25);

    s.sim.modifyTransaction(posted.transaction_id, { merchant_name: 'Blue Bottle Coffee' });
    await s.poll(item.item_id);
    t = s.store.get(item.item_id)!.transactions!;
    assert.equal(t.ledger.find((e) => e.transaction_id === posted.transaction_id)?.name, 'Blue Bottle Coffee');
    assert.equal(t.outbox.length, 1);

    s.sim.removeTransaction(posted.transaction_id);
    await s.poll(item.item_id);
    t = s.store.get(item.item_id)!.transactions!;
    assert.ok(!ids(t.ledger).includes(posted.transaction_id));
    assert.ok(!s.log.lines.some((l) => !l.includes('"level":"debug"') && l.includes('Blue Bottle')));
  });

  it("waits quietly for Plaid's first pull, then syncs", async () => {
    const s = await setup({ transactions: { readyAfterMs: 10 * 60_000 } });
    const item = await s.link();
    assert.equal(await s.poll(item.item_id), true);
    assert.equal(s.store.get(item.item_id)!.transactions!.status, 'not_ready');
    assert.equal(await s.poll(item.item_id), false, 'still not ready: nothing changed');
    assert.ok(!s.log.lines.some((l) => /"level":"(warn|error)"/.test(l)));
    await s.clock.advance(11 * 60_000);
    await s.poll(item.item_id);
    const t = s.store.get(item.item_id)!.transactions!;
    assert.equal(t.status, 'ok');
    assert.ok(t.ledger.length > 0);
    assert.deepEqual(t.outbox, []);
  });

  it('makes no call for an Item linked without Transactions, and says so', async () => {
    const s = await setup();
    const item = await s.link({ products: [Products.Auth] });
    assert.equal(await s.poll(item.item_id), true);
    assert.equal(await s.poll(item.item_id), false);
    assert.equal(s.store.get(item.item_id)!.transactions!.status, 'not_enabled');
    assert.equal(s.syncCalls(item.item_id), 0);
  });

  it('asks no more once Plaid says the Item cannot have Transactions', async () => {
    const s = await setup();
    const item = await s.link();
    const syncer = s.sync();
    s.sim.injectError('/transactions/sync', 'PRODUCTS_NOT_SUPPORTED');
    assert.equal(await s.poll(item.item_id, syncer), true);
    const t = s.store.get(item.item_id)!.transactions!;
    assert.equal(t.status, 'not_enabled');
    assert.equal(t.error?.error_code, 'PRODUCTS_NOT_SUPPORTED');
    assert.equal(await s.poll(item.item_id, syncer), false);
    assert.equal(s.syncCalls(item.item_id), 1);
    assert.equal(s.store.get(item.item_id)!.status, 'ok', 'the balances go on');
    // Consent added in update mode shows in the Item's products: then it is asked again.
    const { item: plaidItem } = await s.plaid.getAccounts(item.access_token);
    await syncer.sync(item.item_id, { ...plaidItem, consented_products: ['transactions' as never, 'auth' as never] });
    assert.equal(s.syncCalls(item.item_id), 2);
    assert.equal(s.store.get(item.item_id)!.transactions!.status, 'ok');
  });

  it('skips and counts a malformed transaction without stopping', async () => {
    const s = await setup();
    const item = await s.link();
    await s.poll(item.item_id);
    const victim = s.sim.transactions(item.item_id).find((x) => !x.pending)!;
    s.sim.malformTransaction(victim.transaction_id, { amount: null });
    const fresh = s.sim.createTransaction(item.item_id, { name: 'KIOSK', amount: 3 });
    await s.poll(item.item_id);
    const t = s.store.get(item.item_id)!.transactions!;
    assert.equal(t.status, 'ok');
    assert.equal(t.skipped, 1);
    assert.deepEqual(ids(t.outbox), [fresh.transaction_id]);
  });

  it('loses nothing and records nothing twice when the store write fails before the commit', async () => {
    const s = await setup();
    const item = await s.link();
    await s.poll(item.item_id);
    const cursor = s.store.get(item.item_id)!.transactions!.cursor;
    const one = s.sim.createTransaction(item.item_id, { name: 'ONE', amount: 1, pending: true });
    const two = s.sim.createTransaction(item.item_id, { name: 'TWO', amount: 2 });
    const failing: TransactionsRepository = {
      get: (id) => s.store.get(id),
      update: () => Promise.reject(new Error('ENOSPC: no space left on device')),
    };
    await assert.rejects(s.poll(item.item_id, s.sync(failing)), /ENOSPC/);
    assert.equal(s.store.get(item.item_id)!.transactions!.cursor, cursor, 'nothing was committed');
    // The pending one posts before the next try: Plaid folds both into the posted one.
    const posted = s.sim.postTransaction(one.transaction_id);
    await s.poll(item.item_id);
    await s.poll(item.item_id);
    const t = s.store.get(item.item_id)!.transactions!;
    assert.deepEqual(ids(t.outbox).sort(), [posted.transaction_id, two.transaction_id].sort(), 'one event a purchase');
    // The store on disk holds the same, as a restart would find it.
    const dir = s.store.dir;
    await s.store.close();
    const reopened = await TokenStore.open(dir);
    s.store = reopened;
    assert.deepEqual(reopened.get(item.item_id)!.transactions, t);
  });

  it('with TRANSACTIONS=off makes no calls and keeps nothing', async () => {
    const s = await setup();
    const item = await s.link();
    await s.poll(item.item_id);
    const off = s.sync(s.store, false);
    assert.equal(await s.poll(item.item_id, off), true);
    const calls = s.syncCalls(item.item_id);
    assert.equal(await s.poll(item.item_id, off), false);
    assert.equal(s.syncCalls(item.item_id), calls);
    const t = s.store.get(item.item_id)!.transactions!;
    assert.deepEqual([t.status, t.cursor, t.ledger, t.outbox], ['off', null, [], []]);
  });

  it('keeps the last good window on a failure and waits out the backoff', async () => {
    const s = await setup();
    const item = await s.link();
    const syncer = s.sync();
    await s.poll(item.item_id, syncer);
    const good = s.store.get(item.item_id)!.transactions!;
    s.sim.injectError('/transactions/sync', 'INTERNAL_SERVER_ERROR');
    await s.poll(item.item_id, syncer);
    const failed = s.store.get(item.item_id)!.transactions!;
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.error_code, 'INTERNAL_SERVER_ERROR');
    assert.deepEqual(failed.ledger, good.ledger);
    const calls = s.syncCalls(item.item_id);
    await s.poll(item.item_id, syncer);
    assert.equal(s.syncCalls(item.item_id), calls, 'within the backoff: no call');
    await s.clock.advance(BACKOFF.baseMs);
    await s.poll(item.item_id, syncer);
    assert.equal(s.store.get(item.item_id)!.transactions!.status, 'ok');
  });
});

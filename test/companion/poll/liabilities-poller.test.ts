import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiabilitiesGetResponse } from 'plaid';
import { PlaidFailure } from '../../../src/companion/errors.js';
import type { ItemRepository } from '../../../src/companion/poll/balance-poller.js';
import { LIABILITIES_INTERVAL_MS, LiabilitiesPoller } from '../../../src/companion/poll/liabilities-poller.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';
import { liabilitiesResponse } from '../liabilities/liabilities-sample.js';

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

const failure = (code: string, retryable: boolean) =>
  new PlaidFailure(code, 'ITEM_ERROR', null, retryable ? 500 : 400, retryable, code);

function setup(respond: (n: number) => LiabilitiesGetResponse | Error, over: Partial<StoredItem> = {}) {
  const clock = new FakeClock();
  const items = [storedItem({ due_dates: { status: 'pending', checked_at: null, error: null }, ...over })];
  const calls: number[] = [];
  const changes: StoredItem[] = [];
  const poller = new LiabilitiesPoller({
    store: repo(items),
    plaid: {
      getLiabilities: async () => {
        calls.push(clock.now());
        const r = respond(calls.length);
        if (r instanceof Error) throw r;
        return r;
      },
    },
    onItemChanged: async (_b, a) => void changes.push(a),
    clock,
    log: memoryLogger(),
    random: () => 0,
  });
  return { clock, items, calls, changes, poller };
}

const hours = (t: { calls: number[] }) => t.calls.map((c) => (c - t.calls[0]!) / 3600_000);

describe('liabilities-poller', () => {
  it('reads an Item that wants due dates at start, then once a day', async () => {
    const t = setup(() => liabilitiesResponse());
    t.poller.start();
    await t.clock.advance(3 * LIABILITIES_INTERVAL_MS);
    t.poller.stop();
    assert.deepEqual(hours(t), [0, 24, 48, 72]);
    assert.equal(t.items[0]!.accounts[1]!.due?.minimum_payment, 20);
    assert.equal(t.changes.length, 4);
  });

  it('after a restart waits until a day after the last read', async () => {
    const t = setup(() => liabilitiesResponse(), {
      due_dates: { status: 'ok', checked_at: '2024-12-31T06:00:00.000Z', error: null },
    });
    t.poller.start();
    await t.clock.advance(LIABILITIES_INTERVAL_MS);
    t.poller.stop();
    assert.deepEqual(
      t.calls.map((c) => new Date(c).toISOString()),
      ['2025-01-01T06:00:00.000Z'],
    );
  });

  it('never reads an Item that did not ask for due dates', async () => {
    const t = setup(() => liabilitiesResponse(), { due_dates: undefined });
    t.poller.start();
    await t.poller.fetchNow(t.items[0]!.item_id);
    await t.clock.advance(2 * LIABILITIES_INTERVAL_MS);
    assert.equal(t.calls.length, 0);
  });

  for (const [code, status] of [
    ['PRODUCTS_NOT_SUPPORTED', 'not_supported'],
    ['ADDITIONAL_CONSENT_REQUIRED', 'not_consented'],
  ] as const) {
    it(`asks a bank answering ${code} again only the next day; its balances are untouched`, async () => {
      const t = setup(() => failure(code, false));
      t.poller.start();
      await t.clock.advance(2 * LIABILITIES_INTERVAL_MS);
      t.poller.stop();
      assert.deepEqual(hours(t), [0, 24, 48]);
      assert.equal(t.items[0]!.due_dates?.status, status);
      assert.equal(t.items[0]!.status, 'ok');
      assert.equal(t.items[0]!.accounts[1]!.current, 410);
    });
  }

  it('backs off like the balance poller on transient failures, then returns to daily', async () => {
    const t = setup((n) => (n <= 3 ? failure('INSTITUTION_DOWN', true) : liabilitiesResponse()));
    t.poller.start();
    await t.clock.advance(60_000 + 120_000 + 240_000 + LIABILITIES_INTERVAL_MS);
    t.poller.stop();
    assert.deepEqual(
      t.calls.map((c) => (c - t.calls[0]!) / 1000),
      [0, 60, 180, 420, 420 + 86_400],
    );
    assert.equal(t.items[0]!.due_dates?.status, 'ok');
  });

  it('makes no call while the Item needs a login; fetchNow after the reconnect reads at once', async () => {
    const t = setup(() => liabilitiesResponse(), { status: 'login_required' });
    t.poller.start();
    await t.clock.advance(LIABILITIES_INTERVAL_MS);
    assert.equal(t.calls.length, 0);
    t.items[0]!.status = 'ok';
    await t.poller.fetchNow(t.items[0]!.item_id);
    assert.equal(t.calls.length, 1);
    t.poller.stop();
  });

  it('joins a read already under way instead of making a second call', async () => {
    const t = setup(() => liabilitiesResponse());
    const id = t.items[0]!.item_id;
    await Promise.all([t.poller.fetchNow(id), t.poller.fetchNow(id)]);
    t.poller.stop();
    assert.equal(t.calls.length, 1);
  });
});

// How an Item's transactions change over simulated days and through the
// controls (PlaidSim methods and /__sim/), what /transactions/sync answers before
// the initial pull is done, and for Items without Transactions consent.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { dayNumber, dayString } from './calendar-days.js';
import type { PlaidTransaction } from './transaction-body.js';
import {
  LINK_REQUEST,
  assertPlaidError,
  assertSpecClean,
  post,
  sandboxItem,
  startCheckedSim,
  type CheckedSim,
} from './test-support.js';
import { startPlaidSim, type PlaidSim, type PlaidSimOptions } from './plaid-server.js';

const DAY = 86_400_000;
const started: CheckedSim[] = [];
let clock = Date.parse('2025-06-02T09:00:00Z');

async function sim(opts: PlaidSimOptions = {}): Promise<PlaidSim> {
  const checked = await startCheckedSim({ now: () => clock, ...opts });
  started.push(checked);
  return checked.sim;
}

after(async () => {
  await Promise.all(started.map((checked) => checked.close()));
  for (const checked of started) assertSpecClean(checked);
});

interface Update {
  added: PlaidTransaction[];
  modified: PlaidTransaction[];
  removed: { transaction_id: string }[];
  cursor: string;
}

async function syncFrom(s: PlaidSim, access_token: string, cursor = ''): Promise<Update> {
  const update: Update = { added: [], modified: [], removed: [], cursor };
  for (let more = true; more;) {
    const { status, body } = await post(s, '/transactions/sync', { access_token, cursor: update.cursor });
    assert.equal(status, 200, JSON.stringify(body));
    update.added.push(...(body.added as PlaidTransaction[]));
    update.modified.push(...(body.modified as PlaidTransaction[]));
    update.removed.push(...(body.removed as { transaction_id: string }[]));
    update.cursor = String(body.next_cursor);
    more = body.has_more === true;
  }
  return update;
}

async function control(s: PlaidSim, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${s.url}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

it('posts the pending ones, then modifies and removes one, as simulated days pass', async () => {
  const s = await sim();
  const item = await sandboxItem(s);
  const initial = await syncFrom(s, item.access_token);
  const pendingUber = initial.added.find((t) => t.pending && t.name.startsWith('Uber'))!;
  assert.equal((await syncFrom(s, item.access_token, initial.cursor)).added.length, 0);

  clock += DAY;
  const day1 = await syncFrom(s, item.access_token, initial.cursor);
  assert.equal(day1.added.length, 1);
  assert.equal(day1.added[0]!.pending, false);
  assert.equal(day1.added[0]!.pending_transaction_id, pendingUber.transaction_id);
  assert.equal(day1.added[0]!.date, dayString(dayNumber(clock)));
  assert.deepEqual(
    day1.removed.map((r) => r.transaction_id),
    [pendingUber.transaction_id],
  );

  clock += 3 * DAY;
  const later = await syncFrom(s, item.access_token, day1.cursor);
  assert.equal(later.added.length, 1, 'the card payment posts on day 2');
  assert.equal(later.modified.length, 1);
  assert.equal(later.modified[0]!.name, 'SparkFun');
  assert.equal(later.modified[0]!.merchant_name, 'SparkFun');
  const refund = initial.added.filter((t) => t.name === 'United Airlines' && t.amount < 0).at(-1)!;
  assert.ok(later.removed.some((r) => r.transaction_id === refund.transaction_id));
  const names = s.transactions(item.item_id).map((t) => t.transaction_id);
  assert.ok(!names.includes(refund.transaction_id) && !names.includes(pendingUber.transaction_id));
});

it('creates, posts, modifies and removes transactions through /__sim/', async () => {
  const s = await sim();
  const item = await sandboxItem(s);
  const { cursor } = await syncFrom(s, item.access_token);
  const created = await control(s, 'transaction_create', {
    item_id: item.item_id,
    name: 'BLUE BOTTLE COFFEE',
    merchant_name: 'Blue Bottle Coffee',
    amount: 6.5,
    pending: true,
    category: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'],
  });
  const pending = created.transaction as PlaidTransaction;
  const afterCreate = await syncFrom(s, item.access_token, cursor);
  assert.deepEqual(
    afterCreate.added.map((t) => [t.name, t.pending, t.personal_finance_category.detailed]),
    [['BLUE BOTTLE COFFEE', true, 'FOOD_AND_DRINK_COFFEE']],
  );

  const posted = (await control(s, 'transaction_post', { transaction_id: pending.transaction_id, amount: 7.8 }))
    .transaction as PlaidTransaction;
  await control(s, 'transaction_modify', { transaction_id: posted.transaction_id, merchant_name: 'Blue Bottle' });
  const afterPost = await syncFrom(s, item.access_token, afterCreate.cursor);
  assert.deepEqual(
    afterPost.added.map((t) => [t.amount, t.pending, t.pending_transaction_id, t.merchant_name]),
    [[7.8, false, pending.transaction_id, 'Blue Bottle']],
    'a change to a transaction added in the same page folds into `added`',
  );
  assert.deepEqual(
    afterPost.removed.map((r) => r.transaction_id),
    [pending.transaction_id],
  );

  await control(s, 'transaction_remove', { transaction_id: posted.transaction_id });
  const afterRemove = await syncFrom(s, item.access_token, afterPost.cursor);
  assert.deepEqual(
    afterRemove.removed.map((r) => r.transaction_id),
    [posted.transaction_id],
  );

  const res = await fetch(`${s.url}/__sim/transactions?item_id=${item.item_id}`);
  const listed = ((await res.json()) as { transactions: PlaidTransaction[] }).transactions;
  assert.ok(!listed.some((t) => t.name === 'BLUE BOTTLE COFFEE'));
  await control(s, 'sync_mutation', { item_id: item.item_id });
  const first = await post(s, '/transactions/sync', { access_token: item.access_token, count: 1 });
  await assertPlaidError(
    post(s, '/transactions/sync', { access_token: item.access_token, cursor: first.body.next_cursor }),
    400,
    'TRANSACTIONS_ERROR',
    'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION',
  );
});

it('answers NOT_READY with no cursor until the initial pull is done', async () => {
  const s = await sim({ transactions: { readyAfterMs: 10_000 } });
  const item = await sandboxItem(s);
  const early = await post(s, '/transactions/sync', { access_token: item.access_token });
  assert.equal(early.body.transactions_update_status, 'NOT_READY');
  assert.equal(early.body.next_cursor, '');
  assert.deepEqual([early.body.added, early.body.has_more], [[], false]);
  clock += 10_000;
  const ready = await post(s, '/transactions/sync', { access_token: item.access_token });
  assert.equal(ready.body.transactions_update_status, 'HISTORICAL_UPDATE_COMPLETE');
  assert.ok((ready.body.added as unknown[]).length > 0);
});

it('honours transactions.days_requested and the window option', async () => {
  const s = await sim({ transactions: { days: 30 } });
  const short = await syncFrom(s, (await sandboxItem(s)).access_token);
  assert.ok(short.added.every((t) => t.date >= dayString(dayNumber(clock) - 30)));
  const created = await post(s, '/sandbox/public_token/create', {
    institution_id: 'ins_109508',
    initial_products: ['transactions'],
    options: { transactions: { days_requested: 180 } },
  });
  const exchanged = await post(s, '/item/public_token/exchange', { public_token: created.body.public_token });
  const long = await syncFrom(s, String(exchanged.body.access_token));
  assert.ok(long.added.some((t) => t.date < dayString(dayNumber(clock) - 150)));
});

it('needs consent for Transactions; a consented Item starts its pull on the first sync', async () => {
  const s = await sim();
  const created = await post(s, '/sandbox/public_token/create', {
    institution_id: 'ins_109508',
    initial_products: ['auth'],
  });
  const { body } = await post(s, '/item/public_token/exchange', { public_token: created.body.public_token });
  const refused = await assertPlaidError(
    post(s, '/transactions/sync', { access_token: body.access_token }),
    400,
    'INVALID_INPUT',
    'ADDITIONAL_CONSENT_REQUIRED',
  );
  assert.match(String(refused.error_message), /PRODUCT_TRANSACTIONS/);

  const link = await post(s, '/link/token/create', {
    ...LINK_REQUEST,
    products: ['auth'],
    additional_consented_products: ['transactions'],
  });
  s.completeSession(String(link.body.link_token));
  const got = await post(s, '/link/token/get', { link_token: link.body.link_token });
  const sessions = got.body.link_sessions as { results: { item_add_results: { public_token: string }[] } }[];
  const publicToken = sessions[0]!.results.item_add_results[0]!.public_token;
  const item = await post(s, '/item/public_token/exchange', { public_token: publicToken });
  const first = await post(s, '/transactions/sync', { access_token: item.body.access_token });
  assert.equal(first.body.transactions_update_status, 'NOT_READY');
  const second = await post(s, '/transactions/sync', { access_token: item.body.access_token });
  assert.ok((second.body.added as unknown[]).length > 0);
  const itemGet = await post(s, '/item/get', { access_token: item.body.access_token });
  assert.deepEqual((itemGet.body.item as { billed_products: string[] }).billed_products, ['auth', 'transactions']);
});

it('sends a transaction malformed on request, off the spec on purpose, through /__sim/', async () => {
  // Not a checked sim: this one response breaks Plaid's spec by design.
  const s = await startPlaidSim({ now: () => clock });
  try {
    const item = await sandboxItem(s);
    const { cursor, added } = await syncFrom(s, item.access_token);
    const victim = added.find((t) => !t.pending)!;
    await control(s, 'transaction_malform', { transaction_id: victim.transaction_id, fields: { amount: null } });
    const res = await fetch(`${s.url}/transactions/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: s.clientId, secret: s.secret, access_token: item.access_token, cursor }),
    });
    const body = (await res.json()) as { modified: PlaidTransaction[] };
    assert.deepEqual(
      body.modified.map((t) => [t.transaction_id, t.amount]),
      [[victim.transaction_id, null]],
    );
  } finally {
    await s.close();
  }
});

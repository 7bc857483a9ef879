// /transactions/sync, /transactions/refresh and /sandbox/transactions/create
// through the real `plaid` SDK; every response is checked against Plaid's spec
// by the sim's hook and again here on the SDK's parsed data.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Products, type PlaidApi, type Transaction, type TransactionsSyncResponse } from 'plaid';
import { dayNumber, dayString } from './calendar-days.js';
import { assertMatchesSpec } from './spec-validator.js';
import { assertSpecClean, sdkClient, sdkError, startCheckedSim, type CheckedSim } from './test-support.js';

let checked: CheckedSim;
const clock = Date.parse('2025-03-10T15:00:00Z');
before(async () => {
  checked = await startCheckedSim({ now: () => clock });
});
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

async function sandboxItem(
  plaid: PlaidApi,
  username = 'user_good',
): Promise<{ access_token: string; item_id: string }> {
  const created = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: [Products.Transactions],
    options: { override_username: username, override_password: username === 'user_good' ? 'pass_good' : 'any' },
  });
  return (await plaid.itemPublicTokenExchange({ public_token: created.data.public_token })).data;
}

/** Pages until has_more is false, as Plaid's docs tell clients to. */
async function syncAll(plaid: PlaidApi, access_token: string, cursor = '', count = 100) {
  const pages: TransactionsSyncResponse[] = [];
  for (let more = true; more;) {
    const { data } = await plaid.transactionsSync({ access_token, cursor, count });
    assertMatchesSpec('/transactions/sync', 200, data);
    pages.push(data);
    cursor = data.next_cursor;
    more = data.has_more;
  }
  return { pages, cursor, added: pages.flatMap((p) => p.added) };
}

it("serves user_good's Sandbox transactions over 90 days, paged by count", async () => {
  const plaid = sdkClient(checked.sim);
  const { access_token } = await sandboxItem(plaid);
  const { pages, added } = await syncAll(plaid, access_token, '', 10);
  assert.ok(pages.length > 1 && pages.slice(0, -1).every((p) => p.has_more && p.added.length === 10));
  assert.equal(pages.at(-1)!.transactions_update_status, 'HISTORICAL_UPDATE_COMPLETE');
  assert.equal(new Set(added.map((t) => t.transaction_id)).size, added.length);
  const oldest = dayString(dayNumber(clock) - 90);
  assert.ok(added.every((t) => t.date >= oldest && t.date < dayString(dayNumber(clock))));
  const uber = added.find((t) => t.name === 'Uber 063015 SF**POOL**' && !t.pending)!;
  assert.equal(uber.merchant_name, 'Uber');
  assert.equal(uber.amount, 5.4);
  assert.equal(uber.payment_channel, 'online');
  assert.deepEqual(
    [uber.personal_finance_category?.primary, uber.personal_finance_category?.detailed],
    ['TRANSPORTATION', 'TRANSPORTATION_TAXIS_AND_RIDE_SHARES'],
  );
  const names = new Set(added.map((t) => t.name));
  for (const name of ['United Airlines', "McDonald's", 'Starbucks', 'SparkFun', 'Touchstone Climbing', 'KFC']) {
    assert.ok(names.has(name), name);
  }
  assert.deepEqual(
    added.filter((t) => t.pending).map((t) => t.name),
    ['CREDIT CARD 3333 PAYMENT *//', 'Uber 063015 SF**POOL**'],
  );
  const accounts = pages[0]!.accounts.map((a) => a.subtype);
  assert.ok(accounts.includes('checking' as never) && !accounts.includes('ira' as never));
});

it('restarts a paged update after TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const { access_token, item_id } = await sandboxItem(plaid);
  const first = await plaid.transactionsSync({ access_token, count: 5 });
  assert.equal(first.data.has_more, true);
  sim.failNextSyncPage(item_id);
  const failed = await sdkError(plaid.transactionsSync({ access_token, cursor: first.data.next_cursor, count: 5 }));
  assert.equal(failed.status, 400);
  assert.equal(failed.data.error_type, 'TRANSACTIONS_ERROR');
  assert.equal(failed.data.error_code, 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
  assertMatchesSpec('/transactions/sync', 400, failed.data);

  // A change to the data mid-update does the same, without any fault armed.
  const second = await plaid.transactionsSync({ access_token, count: 5 });
  sim.createTransaction(item_id, { name: 'Starbucks', amount: 4.33, pending: true });
  const changed = await sdkError(plaid.transactionsSync({ access_token, cursor: second.data.next_cursor, count: 5 }));
  assert.equal(changed.data.error_code, 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');

  const restarted = await syncAll(plaid, access_token, '', 5);
  assert.ok(restarted.added.some((t) => t.name === 'Starbucks' && t.pending));
});

it('answers TRANSACTIONS_SYNC_LIMIT for an injected rate limit', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const { access_token } = await sandboxItem(plaid);
  sim.injectError('/transactions/sync', 'RATE_LIMIT_EXCEEDED');
  const limited = await sdkError(plaid.transactionsSync({ access_token }));
  assert.equal(limited.status, 429);
  assert.equal(limited.data.error_type, 'RATE_LIMIT_EXCEEDED');
  assert.equal(limited.data.error_code, 'TRANSACTIONS_SYNC_LIMIT');
  sim.injectError('/transactions/refresh', 'RATE_LIMIT_EXCEEDED');
  assert.equal(
    (await sdkError(plaid.transactionsRefresh({ access_token }))).data.error_code,
    'TRANSACTIONS_REFRESH_LIMIT',
  );
});

it('moves user_transactions_dynamic on /transactions/refresh and takes /sandbox/transactions/create', async () => {
  const plaid = sdkClient(checked.sim);
  const { access_token } = await sandboxItem(plaid, 'user_transactions_dynamic');
  const initial = await syncAll(plaid, access_token, '', 500);
  const subtypes = new Set(initial.pages[0]!.accounts.map((a) => a.subtype));
  assert.deepEqual([...subtypes].sort(), ['checking', 'credit card']);
  assert.ok(initial.added.length > 50, `dynamic history has ${initial.added.length} transactions`);
  const pending = initial.added.filter((t) => t.pending);
  assert.ok(pending.length > 0);

  const refreshed = await plaid.transactionsRefresh({ access_token });
  assertMatchesSpec('/transactions/refresh', 200, refreshed.data);
  const update = await syncAll(plaid, access_token, initial.cursor);
  const removed = update.pages.flatMap((p) => p.removed).map((r) => r.transaction_id);
  assert.deepEqual(removed.sort(), pending.map((t) => t.transaction_id).sort());
  const posted = update.added.filter((t: Transaction) => t.pending_transaction_id !== null);
  assert.deepEqual(posted.map((t) => t.pending_transaction_id).sort(), removed.sort());
  assert.ok(posted.every((t) => !t.pending));
  assert.ok(
    update.added.some((t) => t.pending),
    'new pending transactions arrive',
  );

  const today = dayString(dayNumber(clock));
  const created = await plaid.sandboxTransactionsCreate({
    access_token,
    transactions: [{ date_transacted: today, date_posted: today, amount: 12.34, description: 'Corner Deli' }],
  });
  assertMatchesSpec('/sandbox/transactions/create', 200, created.data);
  const custom = await syncAll(plaid, access_token, update.cursor);
  assert.equal(custom.added.length, 1);
  assert.equal(custom.added[0]!.name, 'Corner Deli');
  assert.equal(
    custom.added[0]!.account_id,
    initial.pages[0]!.accounts.find((a) => a.type === 'depository')!.account_id,
  );

  const old = dayString(dayNumber(clock) - 15);
  const tooOld = await sdkError(
    plaid.sandboxTransactionsCreate({
      access_token,
      transactions: [{ date_transacted: old, date_posted: today, amount: 1, description: 'x' }],
    }),
  );
  assert.equal(tooOld.data.error_code, 'INVALID_FIELD');
  assert.match(String(tooOld.data.error_message), /within the last 14 days/);
});

it('refuses /sandbox/transactions/create for user_good Items', async () => {
  const plaid = sdkClient(checked.sim);
  const { access_token } = await sandboxItem(plaid);
  const today = dayString(dayNumber(clock));
  const refused = await sdkError(
    plaid.sandboxTransactionsCreate({
      access_token,
      transactions: [{ date_transacted: today, date_posted: today, amount: 1, description: 'x' }],
    }),
  );
  assert.equal(refused.status, 400);
  assert.match(String(refused.data.error_message), /user_transactions_dynamic/);
});

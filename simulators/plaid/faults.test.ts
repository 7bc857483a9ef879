// Fault injection, latency, dropped connections, the call log, balance changes,
// and the same controls over HTTP (/__sim/).
import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import {
  LINK_REQUEST,
  assertPlaidError,
  assertSpecClean,
  post,
  sandboxItem,
  startCheckedSim,
  type CheckedSim,
} from './test-support.js';

let checked: CheckedSim;
before(async () => {
  checked = await startCheckedSim();
});
beforeEach(() => checked.sim.reset());
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

async function control(path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(
    `${checked.sim.url}/__sim/${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

it('injects each error with its Plaid type and status, for a number of calls', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  const cases: [string, number, string, string][] = [
    ['ITEM_LOGIN_REQUIRED', 400, 'ITEM_ERROR', 'ITEM_LOGIN_REQUIRED'],
    ['RATE_LIMIT_EXCEEDED', 429, 'RATE_LIMIT_EXCEEDED', 'ACCOUNTS_LIMIT'],
    ['ACCOUNTS_LIMIT', 429, 'RATE_LIMIT_EXCEEDED', 'ACCOUNTS_LIMIT'],
    ['INSTITUTION_DOWN', 400, 'INSTITUTION_ERROR', 'INSTITUTION_DOWN'],
    ['INSTITUTION_NOT_RESPONDING', 400, 'INSTITUTION_ERROR', 'INSTITUTION_NOT_RESPONDING'],
    ['INTERNAL_SERVER_ERROR', 500, 'API_ERROR', 'INTERNAL_SERVER_ERROR'],
    ['PLANNED_MAINTENANCE', 503, 'API_ERROR', 'PLANNED_MAINTENANCE'],
  ];
  for (const [inject, status, type, code] of cases) {
    sim.injectError('/accounts/get', inject, 2);
    await assertPlaidError(post(sim, '/accounts/get', { access_token: item.access_token }), status, type, code);
    await assertPlaidError(post(sim, '/accounts/get', { access_token: item.access_token }), status, type, code);
    assert.equal((await post(sim, '/accounts/get', { access_token: item.access_token })).status, 200);
  }
  const injected = sim.calls.filter((c) => c.injected);
  assert.equal(injected.length, cases.length * 2);
  assert.ok(injected.every((c) => c.item_id === item.item_id));
  assert.throws(() => sim.injectError('/accounts/get', 'NOT_A_PLAID_CODE'));
});

it('scopes faults to one item and counts calls per item', async () => {
  const { sim } = checked;
  const a = await sandboxItem(sim);
  const b = await sandboxItem(sim, 'ins_109509');
  sim.injectError('/accounts/balance/get', 'INSTITUTION_DOWN', Infinity, { itemId: a.item_id });
  for (let i = 0; i < 3; i++) {
    await assertPlaidError(
      post(sim, '/accounts/balance/get', { access_token: a.access_token }),
      400,
      'INSTITUTION_ERROR',
      'INSTITUTION_DOWN',
    );
    assert.equal((await post(sim, '/accounts/balance/get', { access_token: b.access_token })).status, 200);
  }
  assert.equal(sim.callsFor('/accounts/balance/get', a.item_id).length, 3);
  assert.deepEqual(
    sim.callsFor('/accounts/balance/get', b.item_id).map((c) => c.outcome),
    ['ok', 'ok', 'ok'],
  );
  sim.clearFaults();
  assert.equal((await post(sim, '/accounts/balance/get', { access_token: a.access_token })).status, 200);
});

it('delays and drops connections', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  sim.setLatency('/item/get', 300);
  const t0 = Date.now();
  await post(sim, '/item/get', { access_token: item.access_token });
  assert.ok(Date.now() - t0 >= 290);
  sim.setLatency('/item/get', 0);

  sim.dropConnections('/accounts/get', 1);
  await assert.rejects(post(sim, '/accounts/get', { access_token: item.access_token }), /fetch failed/);
  assert.equal((await post(sim, '/accounts/get', { access_token: item.access_token })).status, 200);
  const [dropped] = sim.callsFor('/accounts/get');
  assert.equal(dropped!.outcome, 'dropped');
  assert.equal(dropped!.status, null);
});

it('the call log holds no tokens or secrets', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  await post(sim, '/accounts/get', { access_token: item.access_token });
  const text = JSON.stringify(await control('calls'));
  assert.ok(!text.includes(item.access_token) && !text.includes(sim.secret) && !text.includes('public-sandbox'));
  assert.ok(!JSON.stringify(await control('items')).includes('access-sandbox'));
});

it('changes balances on demand and drifts them per poll', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  const checking = sim.items()[0]!.accounts.find((a) => a.mask === '0000')!;
  sim.setBalance(checking.account_id, { current: 1234.5, available: 1200 });
  const read = async (): Promise<Record<string, unknown>> => {
    const res = await post(sim, '/accounts/balance/get', {
      access_token: item.access_token,
      options: { account_ids: [checking.account_id] },
    });
    return (res.body.accounts as { balances: Record<string, unknown> }[])[0]!.balances;
  };
  assert.deepEqual([(await read()).current, (await read()).available], [1234.5, 1200]);
  sim.adjustBalances(-34.5, { accountId: checking.account_id });
  assert.equal((await read()).current, 1200);
  sim.setBalanceDrift(10, { itemId: item.item_id });
  assert.equal((await read()).current, 1210);
  assert.equal((await read()).current, 1220);
  sim.setBalanceDrift(0, { itemId: item.item_id });
  assert.equal((await read()).current, 1220);
});

it('drives everything over /__sim/ HTTP controls', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  await control('inject', {
    endpoint: '/accounts/get',
    error_code: 'RATE_LIMIT_EXCEEDED',
    count: 1,
    item_id: item.item_id,
  });
  await assertPlaidError(
    post(sim, '/accounts/get', { access_token: item.access_token }),
    429,
    'RATE_LIMIT_EXCEEDED',
    'ACCOUNTS_LIMIT',
  );
  await control('drop', { endpoint: '/item/get' });
  await assert.rejects(post(sim, '/item/get', { access_token: item.access_token }));
  await control('latency', { endpoint: '*', ms: 0 });
  await control('reset_login', { item_id: item.item_id });
  await assertPlaidError(
    post(sim, '/accounts/get', { access_token: item.access_token }),
    400,
    'ITEM_ERROR',
    'ITEM_LOGIN_REQUIRED',
  );

  const items = (await control('items')).items as {
    item_id: string;
    accounts: { account_id: string; mask: string }[];
  }[];
  const saving = items[0]!.accounts.find((a) => a.mask === '1111')!;
  await control('balance', { account_id: saving.account_id, current: 999 });
  await control('adjust', { delta: 1, account_id: saving.account_id });
  assert.equal(sim.items()[0]!.accounts.find((a) => a.mask === '1111')!.balances.current, 1000);

  const link = await post(sim, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
  await control('complete', { link_token: link.body.link_token, institution_id: 'ins_109512' });
  const got = await post(sim, '/link/token/get', { link_token: link.body.link_token });
  const [session] = got.body.link_sessions as { results: { item_add_results: { institution: { name: string } }[] } }[];
  assert.equal(session!.results.item_add_results[0]!.institution.name, 'Houndstooth Bank');

  const calls = (await control('calls')).calls as unknown[];
  assert.ok(calls.length > 5);
  await control('reset', {});
  assert.deepEqual((await control('calls')).calls, []);
  const bad = await fetch(`${sim.url}/__sim/inject`, { method: 'POST', body: '{"endpoint":"/accounts/get"}' });
  assert.equal(bad.status, 400);
});

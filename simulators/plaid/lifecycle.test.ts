// Token lifetimes on a controlled clock, update mode after reset_login, item
// removal, and credentials in the body or in headers.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import {
  LINK_REQUEST,
  assertPlaidError,
  assertSpecClean,
  post,
  sandboxItem,
  startCheckedSim,
  type CheckedSim,
} from './test-support.js';

const started: CheckedSim[] = [];
let clock = Date.parse('2025-01-15T12:00:00Z');

async function sim(opts: Parameters<typeof startCheckedSim>[0] = {}): Promise<CheckedSim> {
  const checked = await startCheckedSim({ now: () => clock, ...opts });
  started.push(checked);
  return checked;
}

after(async () => {
  await Promise.all(started.map((checked) => checked.close()));
  for (const checked of started) assertSpecClean(checked);
});

it('public tokens expire 30 minutes after creation', async () => {
  const { sim: s } = await sim();
  const fresh = await post(s, '/sandbox/public_token/create', {
    institution_id: 'ins_109508',
    initial_products: ['transactions'],
  });
  const stale = await post(s, '/sandbox/public_token/create', {
    institution_id: 'ins_109508',
    initial_products: ['transactions'],
  });
  clock += 29 * 60_000;
  assert.equal((await post(s, '/item/public_token/exchange', { public_token: fresh.body.public_token })).status, 200);
  clock += 60_000;
  const expired = await assertPlaidError(
    post(s, '/item/public_token/exchange', { public_token: stale.body.public_token }),
    400,
    'INVALID_INPUT',
    'INVALID_PUBLIC_TOKEN',
  );
  assert.match(String(expired.error_message), /expired/);
});

it('link token timestamps follow the clock; an expired Hosted Link page says so', async () => {
  const { sim: s } = await sim();
  const created = await post(s, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
  const got = await post(s, '/link/token/get', { link_token: created.body.link_token });
  assert.equal(got.body.created_at, new Date(clock).toISOString().replace('.000Z', 'Z'));
  assert.equal(Date.parse(String(got.body.expiration)) - clock, 30 * 60_000);
  clock += 31 * 60_000;
  const page = await (await fetch(String(created.body.hosted_link_url))).text();
  assert.match(page, /data-step="expired"/);
  assert.throws(() => s.completeSession(String(created.body.link_token)), /expired/);
});

it('reset_login keeps data calls failing until update mode succeeds', async () => {
  const { sim: s } = await sim();
  const item = await sandboxItem(s);
  await post(s, '/sandbox/item/reset_login', { access_token: item.access_token });
  for (let i = 0; i < 3; i++) {
    await assertPlaidError(
      post(s, '/accounts/balance/get', { access_token: item.access_token }),
      400,
      'ITEM_ERROR',
      'ITEM_LOGIN_REQUIRED',
    );
  }
  const base: Record<string, unknown> = { ...LINK_REQUEST };
  delete base.products;
  const update = await post(s, '/link/token/create', { ...base, access_token: item.access_token, hosted_link: {} });
  const token = String(update.body.link_token);
  s.completeSession(token, { exit: true });
  await assertPlaidError(
    post(s, '/accounts/get', { access_token: item.access_token }),
    400,
    'ITEM_ERROR',
    'ITEM_LOGIN_REQUIRED',
  );

  const retry = await post(s, '/link/token/create', { ...base, access_token: item.access_token, hosted_link: {} });
  s.completeSession(String(retry.body.link_token));
  const got = await post(s, '/link/token/get', { link_token: retry.body.link_token });
  const [session] = got.body.link_sessions as Record<string, unknown>[];
  assert.equal(typeof session!.finished_at, 'string');
  assert.deepEqual((session!.results as Record<string, unknown>).item_add_results, [], 'update mode adds no item');
  assert.deepEqual((got.body.metadata as Record<string, unknown>).initial_products, []);
  const healed = await post(s, '/accounts/get', { access_token: item.access_token });
  assert.equal(healed.status, 200);
  assert.equal((healed.body.item as Record<string, unknown>).error, null);
  assert.equal(s.calls.filter((c) => c.item_id === item.item_id && c.outcome === 'ITEM_LOGIN_REQUIRED').length, 4);
});

it('a removed item answers INVALID_ACCESS_TOKEN, or ITEM_NOT_FOUND when so configured', async () => {
  for (const code of ['INVALID_ACCESS_TOKEN', 'ITEM_NOT_FOUND'] as const) {
    const { sim: s } = await sim({ removedItemError: code });
    const item = await sandboxItem(s);
    await post(s, '/item/remove', { access_token: item.access_token });
    const type = code === 'ITEM_NOT_FOUND' ? 'ITEM_ERROR' : 'INVALID_INPUT';
    await assertPlaidError(post(s, '/accounts/get', { access_token: item.access_token }), 400, type, code);
    await assertPlaidError(
      post(s, '/link/token/create', { ...LINK_REQUEST, access_token: item.access_token }),
      400,
      type,
      code,
    );
  }
});

it('checks client_id and secret in the body and in headers', async () => {
  const { sim: s } = await sim();
  const request = { institution_id: 'ins_109508', country_codes: ['US'] };
  assert.equal((await post(s, '/institutions/get_by_id', request, 'headers')).status, 200);
  assert.equal((await post(s, '/institutions/get_by_id', request, 'body')).status, 200);
  await assertPlaidError(
    post(s, '/institutions/get_by_id', { ...request, client_id: s.clientId, secret: 'nope' }, 'none'),
    400,
    'INVALID_INPUT',
    'INVALID_API_KEYS',
  );
  const viaHeaders = await fetch(`${s.url}/institutions/get_by_id`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'PLAID-CLIENT-ID': 'someone-else', 'PLAID-SECRET': s.secret },
    body: JSON.stringify(request),
  });
  assert.equal(viaHeaders.status, 400);
  assert.equal(((await viaHeaders.json()) as Record<string, unknown>).error_code, 'INVALID_API_KEYS');
  const missing = await assertPlaidError(
    post(s, '/institutions/get_by_id', request, 'none'),
    400,
    'INVALID_REQUEST',
    'MISSING_FIELDS',
  );
  assert.equal(missing.error_message, 'the following required fields are missing: client_id, secret');
  await assertPlaidError(
    post(s, '/institutions/get_by_id', { ...request, client_id: '', secret: s.secret }, 'none'),
    400,
    'INVALID_REQUEST',
    'INVALID_FIELD',
  );
});

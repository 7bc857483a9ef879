// The same endpoints through the real `plaid` SDK (axios, PLAID-CLIENT-ID /
// PLAID-SECRET headers, Plaid-Version). Responses are spec-checked by the sim's
// hook and here on the SDK's parsed data.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CountryCode, Products } from 'plaid';
import { assertMatchesSpec } from './spec-validator.js';
import { assertSpecClean, sdkClient, sdkError, startCheckedSim, type CheckedSim } from './test-support.js';

let checked: CheckedSim;
before(async () => {
  checked = await startCheckedSim();
});
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

it('links through Hosted Link and reads balances with the SDK', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const created = await plaid.linkTokenCreate({
    client_name: 'Plaid Balance',
    language: 'en',
    country_codes: [CountryCode.Us],
    user: { client_user_id: 'ha-user' },
    products: [Products.Transactions],
    hosted_link: { completion_redirect_uri: 'https://ha.local/plaid-done' },
  });
  assertMatchesSpec('/link/token/create', 200, created.data);
  assert.ok(created.data.hosted_link_url?.startsWith(sim.url));

  const empty = await plaid.linkTokenGet({ link_token: created.data.link_token });
  assertMatchesSpec('/link/token/get', 200, empty.data);
  assert.deepEqual(empty.data.link_sessions, []);

  sim.completeSession(created.data.link_token, { institutionId: 'ins_109508' });
  const got = await plaid.linkTokenGet({ link_token: created.data.link_token });
  assertMatchesSpec('/link/token/get', 200, got.data);
  const publicToken = got.data.link_sessions?.[0]?.results?.item_add_results[0]?.public_token;
  assert.ok(publicToken);

  const exchanged = await plaid.itemPublicTokenExchange({ public_token: publicToken });
  assertMatchesSpec('/item/public_token/exchange', 200, exchanged.data);
  const { access_token } = exchanged.data;

  const accounts = await plaid.accountsGet({ access_token });
  assertMatchesSpec('/accounts/get', 200, accounts.data);
  assert.equal(accounts.data.item.institution_id, 'ins_109508');
  const checking = accounts.data.accounts.find((a) => a.mask === '0000')!;
  assert.equal(checking.balances.current, 110);
  assert.equal(checking.balances.available, 100);

  const balance = await plaid.accountsBalanceGet({ access_token, options: { account_ids: [checking.account_id] } });
  assertMatchesSpec('/accounts/balance/get', 200, balance.data);
  assert.equal(balance.data.accounts.length, 1);

  const item = await plaid.itemGet({ access_token });
  assertMatchesSpec('/item/get', 200, item.data);
  assert.equal(item.data.item.item_id, exchanged.data.item_id);

  const inst = await plaid.institutionsGetById({ institution_id: 'ins_109508', country_codes: [CountryCode.Us] });
  assertMatchesSpec('/institutions/get_by_id', 200, inst.data);
  assert.equal(inst.data.institution.name, 'First Platypus Bank');

  const reset = await plaid.sandboxItemResetLogin({ access_token });
  assertMatchesSpec('/sandbox/item/reset_login', 200, reset.data);
  const loginRequired = await sdkError(plaid.accountsGet({ access_token }));
  assert.equal(loginRequired.status, 400);
  assert.equal(loginRequired.data.error_code, 'ITEM_LOGIN_REQUIRED');
  assertMatchesSpec('/accounts/get', 400, loginRequired.data);

  const removed = await plaid.itemRemove({ access_token });
  assertMatchesSpec('/item/remove', 200, removed.data);
  const gone = await sdkError(plaid.itemGet({ access_token }));
  assert.equal(gone.data.error_code, 'INVALID_ACCESS_TOKEN');
});

it('returns Plaid errors the SDK surfaces as axios errors', async () => {
  const { sim } = checked;
  const plaid = sdkClient(sim);
  const sandbox = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109510',
    initial_products: [Products.Auth],
  });
  assertMatchesSpec('/sandbox/public_token/create', 200, sandbox.data);
  await plaid.itemPublicTokenExchange({ public_token: sandbox.data.public_token });
  const reused = await sdkError(plaid.itemPublicTokenExchange({ public_token: sandbox.data.public_token }));
  assert.equal(reused.status, 400);
  assert.equal(reused.data.error_code, 'INVALID_PUBLIC_TOKEN');

  const badKeys = await sdkError(sdkClient(sim, { secret: 'wrong' }).itemGet({ access_token: 'access-sandbox-x' }));
  assert.equal(badKeys.status, 400);
  assert.equal(badKeys.data.error_type, 'INVALID_INPUT');
  assert.equal(badKeys.data.error_code, 'INVALID_API_KEYS');

  const badInst = await sdkError(
    plaid.institutionsGetById({ institution_id: 'ins_0', country_codes: [CountryCode.Us] }),
  );
  assert.equal(badInst.data.error_code, 'INVALID_INSTITUTION');

  const badLink = await sdkError(plaid.linkTokenGet({ link_token: 'link-sandbox-unknown' }));
  assert.equal(badLink.data.error_code, 'INVALID_LINK_TOKEN');

  sim.injectError('/accounts/balance/get', 'RATE_LIMIT_EXCEEDED');
  const item = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: [Products.Transactions],
  });
  const { data } = await plaid.itemPublicTokenExchange({ public_token: item.data.public_token });
  const limited = await sdkError(plaid.accountsBalanceGet({ access_token: data.access_token }));
  assert.equal(limited.status, 429);
  assert.equal(limited.data.error_type, 'RATE_LIMIT_EXCEEDED');
  assert.equal(limited.data.error_code, 'ACCOUNTS_BALANCE_GET_LIMIT');
  for (const code of ['INSTITUTION_DOWN', 'INSTITUTION_NOT_RESPONDING']) {
    sim.injectError('/accounts/get', code);
    const err = await sdkError(plaid.accountsGet({ access_token: data.access_token }));
    assert.equal(err.status, 400);
    assert.equal(err.data.error_type, 'INSTITUTION_ERROR');
    assert.equal(err.data.error_code, code);
  }
  sim.injectError('/item/get', 'INTERNAL_SERVER_ERROR');
  const internal = await sdkError(plaid.itemGet({ access_token: data.access_token }));
  assert.equal(internal.status, 500);
  assert.equal(internal.data.error_type, 'API_ERROR');
});

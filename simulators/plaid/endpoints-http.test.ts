// Every endpoint through raw HTTP, success and error paths; each response is
// validated against Plaid's OpenAPI spec (in post() and in the sim's hook).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

describe('/link/token/create', () => {
  it('returns a Hosted Link URL on this simulator and a 30-minute link token', async () => {
    const { sim } = checked;
    const res = await post(sim, '/link/token/create', {
      ...LINK_REQUEST,
      hosted_link: { completion_redirect_uri: 'https://ha.local/done' },
    });
    assert.equal(res.status, 200);
    assert.match(String(res.body.link_token), /^link-sandbox-[0-9a-f-]{36}$/);
    assert.ok(String(res.body.hosted_link_url).startsWith(`${sim.url}/hl/`));
    const ttl = Date.parse(String(res.body.expiration)) - Date.now();
    assert.ok(ttl > 29 * 60_000 && ttl <= 30 * 60_000, `hosted link lifetime ${ttl}`);
  });

  it('gives a 4-hour token without hosted_link, and honours url_lifetime_seconds', async () => {
    const plain = await post(checked.sim, '/link/token/create', LINK_REQUEST);
    assert.equal(plain.body.hosted_link_url, undefined);
    assert.ok(Date.parse(String(plain.body.expiration)) - Date.now() > 3.9 * 3_600_000);
    const custom = await post(checked.sim, '/link/token/create', {
      ...LINK_REQUEST,
      hosted_link: { url_lifetime_seconds: 7200 },
    });
    assert.ok(Date.parse(String(custom.body.expiration)) - Date.now() > 1.9 * 3_600_000);
  });

  it('rejects missing, unknown and invalid fields like Plaid', async () => {
    const { sim } = checked;
    const noName: Record<string, unknown> = { ...LINK_REQUEST };
    delete noName.client_name;
    const missing = await assertPlaidError(
      post(sim, '/link/token/create', noName),
      400,
      'INVALID_REQUEST',
      'MISSING_FIELDS',
    );
    assert.match(String(missing.error_message), /client_name/);
    const noUser: Record<string, unknown> = { ...LINK_REQUEST };
    delete noUser.user;
    await assertPlaidError(post(sim, '/link/token/create', noUser), 400, 'INVALID_REQUEST', 'MISSING_FIELDS');
    await assertPlaidError(
      post(sim, '/link/token/create', { ...LINK_REQUEST, user: {} }),
      400,
      'INVALID_REQUEST',
      'MISSING_FIELDS',
    );
    const noProducts: Record<string, unknown> = { ...LINK_REQUEST };
    delete noProducts.products;
    await assertPlaidError(post(sim, '/link/token/create', noProducts), 400, 'INVALID_REQUEST', 'MISSING_FIELDS');
    const unknown = await assertPlaidError(
      post(sim, '/link/token/create', { ...LINK_REQUEST, colour: 'red' }),
      400,
      'INVALID_REQUEST',
      'UNKNOWN_FIELDS',
    );
    assert.match(String(unknown.error_message), /colour/);
    await assertPlaidError(
      post(sim, '/link/token/create', { ...LINK_REQUEST, country_codes: ['USA'] }),
      400,
      'INVALID_REQUEST',
      'INVALID_FIELD',
    );
    await assertPlaidError(
      post(sim, '/link/token/create', { ...LINK_REQUEST, language: 'xx' }),
      400,
      'INVALID_REQUEST',
      'INVALID_FIELD',
    );
  });

  it('enters update mode only for an existing item', async () => {
    const { sim } = checked;
    const item = await sandboxItem(sim);
    const base: Record<string, unknown> = { ...LINK_REQUEST };
    delete base.products;
    const ok = await post(sim, '/link/token/create', { ...base, access_token: item.access_token, hosted_link: {} });
    assert.equal(ok.status, 200);
    assert.ok(Date.parse(String(ok.body.expiration)) - Date.now() <= 30 * 60_000);
    await assertPlaidError(
      post(sim, '/link/token/create', { ...base, access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000' }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
  });
});

describe("the Hosted Link page's icon", () => {
  it('is linked from the page and served where browsers look for it', async () => {
    const { sim } = checked;
    const created = await post(sim, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
    const page = await (await fetch(String(created.body.hosted_link_url))).text();
    assert.match(page, /<link rel="icon" type="image\/svg\+xml" href="\/favicon\.ico">/);
    const icon = await fetch(new URL('/favicon.ico', sim.url));
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.match(await icon.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});

describe('/link/token/get', () => {
  it('shows no session, then an open one once the page is opened, then the finished results', async () => {
    const { sim } = checked;
    const created = await post(sim, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
    const token = String(created.body.link_token);
    const before = await post(sim, '/link/token/get', { link_token: token });
    assert.deepEqual(before.body.link_sessions, []);
    assert.deepEqual((before.body.metadata as Record<string, unknown>).country_codes, ['US']);

    const page = await fetch(String(created.body.hosted_link_url));
    assert.equal(page.status, 200);
    const open = await post(sim, '/link/token/get', { link_token: token });
    const [session] = open.body.link_sessions as Record<string, unknown>[];
    assert.equal(session!.finished_at, null);
    assert.equal(session!.results, undefined);

    sim.completeSession(token, { institutionId: 'ins_109511' });
    const done = await post(sim, '/link/token/get', { link_token: token });
    const [finished] = done.body.link_sessions as Record<string, unknown>[];
    assert.equal(typeof finished!.finished_at, 'string');
    const results = finished!.results as { item_add_results: Record<string, unknown>[] };
    assert.equal(results.item_add_results.length, 1);
    const add = results.item_add_results[0]!;
    assert.match(String(add.public_token), /^public-sandbox-/);
    assert.deepEqual(add.institution, { name: 'Tartan Bank', institution_id: 'ins_109511' });
    const accounts = add.accounts as { mask: string; name: string }[];
    assert.deepEqual(
      accounts.slice(0, 2).map((a) => [a.name, a.mask]),
      [
        ['Plaid Checking', '0000'],
        ['Plaid Saving', '1111'],
      ],
    );
  });

  it('shows the exit shape when the user leaves', async () => {
    const { sim } = checked;
    const created = await post(sim, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
    const token = String(created.body.link_token);
    sim.completeSession(token, { institutionId: 'ins_109508', password: 'wrong' });
    sim.completeSession(token, { exit: true });
    const res = await post(sim, '/link/token/get', { link_token: token });
    const [session] = res.body.link_sessions as Record<string, unknown>[];
    assert.equal(session!.results, undefined);
    const exit = session!.exit as { error: Record<string, unknown>; metadata: Record<string, unknown> };
    assert.equal(exit.error.error_code, 'INVALID_CREDENTIALS');
    assert.equal(exit.metadata.status, 'requires_credentials');
    assert.deepEqual(exit.metadata.institution, { name: 'First Platypus Bank', institution_id: 'ins_109508' });
  });

  it('rejects an unknown link token', async () => {
    await assertPlaidError(
      post(checked.sim, '/link/token/get', { link_token: 'link-sandbox-00000000-0000-0000-0000-000000000000' }),
      400,
      'INVALID_INPUT',
      'INVALID_LINK_TOKEN',
    );
  });
});

describe('/item/public_token/exchange', () => {
  it('exchanges once; a second exchange and malformed tokens fail', async () => {
    const { sim } = checked;
    const created = await post(sim, '/sandbox/public_token/create', {
      institution_id: 'ins_109509',
      initial_products: ['auth'],
    });
    const first = await post(sim, '/item/public_token/exchange', { public_token: created.body.public_token });
    assert.match(String(first.body.access_token), /^access-sandbox-[0-9a-f-]{36}$/);
    assert.equal(typeof first.body.item_id, 'string');
    await assertPlaidError(
      post(sim, '/item/public_token/exchange', { public_token: created.body.public_token }),
      400,
      'INVALID_INPUT',
      'INVALID_PUBLIC_TOKEN',
    );
    await assertPlaidError(
      post(sim, '/item/public_token/exchange', { public_token: 'nonsense' }),
      400,
      'INVALID_INPUT',
      'INVALID_PUBLIC_TOKEN',
    );
    await assertPlaidError(post(sim, '/item/public_token/exchange', {}), 400, 'INVALID_REQUEST', 'MISSING_FIELDS');
  });
});

describe('/accounts/get and /accounts/balance/get', () => {
  it('return Sandbox accounts with stable ids and filter by account_ids', async () => {
    const { sim } = checked;
    const item = await sandboxItem(sim);
    const all = await post(sim, '/accounts/get', { access_token: item.access_token });
    const accounts = all.body.accounts as {
      account_id: string;
      mask: string;
      subtype: string;
      balances: Record<string, unknown>;
    }[];
    const credit = accounts.find((a) => a.subtype === 'credit card')!;
    assert.deepEqual(credit.balances, {
      available: 1590,
      current: 410,
      limit: 2000,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
      last_updated_datetime: null,
    });
    assert.equal((all.body.item as Record<string, unknown>).item_id, item.item_id);
    const again = await post(sim, '/accounts/get', { access_token: item.access_token });
    assert.deepEqual(
      (again.body.accounts as { account_id: string }[]).map((a) => a.account_id),
      accounts.map((a) => a.account_id),
    );

    const checking = accounts.find((a) => a.mask === '0000')!;
    const balance = await post(sim, '/accounts/balance/get', {
      access_token: item.access_token,
      options: { account_ids: [checking.account_id] },
    });
    assert.deepEqual(
      (balance.body.accounts as { account_id: string }[]).map((a) => a.account_id),
      [checking.account_id],
    );
    await assertPlaidError(
      post(sim, '/accounts/balance/get', { access_token: item.access_token, options: { account_ids: ['nope'] } }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCOUNT_ID',
    );
  });

  it('reject bad access tokens', async () => {
    const { sim } = checked;
    const malformed = await assertPlaidError(
      post(sim, '/accounts/get', { access_token: 'abc' }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
    assert.match(String(malformed.error_message), /invalid format/);
    await assertPlaidError(
      post(sim, '/accounts/balance/get', { access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000' }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
  });

  it('report other currencies (CAD, GBP) as the institution holds them', async () => {
    const { sim } = checked;
    for (const [institution, currency] of [
      ['ins_43', 'CAD'],
      ['ins_117650', 'GBP'],
    ] as const) {
      const item = await sandboxItem(sim, institution);
      const res = await post(sim, '/accounts/get', { access_token: item.access_token });
      for (const a of res.body.accounts as { balances: { iso_currency_code: string } }[])
        assert.equal(a.balances.iso_currency_code, currency);
    }
  });
});

describe('/item/get, /item/remove, /sandbox/item/reset_login', () => {
  it('reports item health and removes items', async () => {
    const { sim } = checked;
    const item = await sandboxItem(sim);
    const healthy = await post(sim, '/item/get', { access_token: item.access_token });
    assert.equal((healthy.body.item as Record<string, unknown>).error, null);
    assert.equal((healthy.body.item as Record<string, unknown>).institution_id, 'ins_109508');

    const reset = await post(sim, '/sandbox/item/reset_login', { access_token: item.access_token });
    assert.equal(reset.body.reset_login, true);
    const broken = await post(sim, '/item/get', { access_token: item.access_token });
    assert.equal(
      ((broken.body.item as Record<string, unknown>).error as Record<string, unknown>).error_code,
      'ITEM_LOGIN_REQUIRED',
    );
    await assertPlaidError(
      post(sim, '/accounts/get', { access_token: item.access_token }),
      400,
      'ITEM_ERROR',
      'ITEM_LOGIN_REQUIRED',
    );

    const removed = await post(sim, '/item/remove', { access_token: item.access_token });
    assert.equal(removed.status, 200);
    await assertPlaidError(
      post(sim, '/item/get', { access_token: item.access_token }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
    await assertPlaidError(
      post(sim, '/item/remove', { access_token: item.access_token }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
    await assertPlaidError(
      post(sim, '/sandbox/item/reset_login', { access_token: 'bad' }),
      400,
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    );
  });
});

describe('/institutions/get_by_id and /sandbox/public_token/create', () => {
  it('describe Sandbox institutions', async () => {
    const { sim } = checked;
    const res = await post(sim, '/institutions/get_by_id', {
      institution_id: 'ins_109508',
      country_codes: ['US'],
      options: { include_optional_metadata: true, include_status: true },
    });
    const inst = res.body.institution as Record<string, unknown>;
    assert.equal(inst.name, 'First Platypus Bank');
    assert.equal(inst.oauth, false);
    assert.equal(typeof inst.primary_color, 'string');
    await assertPlaidError(
      post(sim, '/institutions/get_by_id', { institution_id: 'ins_999999', country_codes: ['US'] }),
      400,
      'INVALID_INPUT',
      'INVALID_INSTITUTION',
    );
    await assertPlaidError(
      post(sim, '/institutions/get_by_id', { institution_id: 'ins_109508', country_codes: ['GB'] }),
      400,
      'INVALID_INPUT',
      'INVALID_INSTITUTION',
    );
    await assertPlaidError(
      post(sim, '/institutions/get_by_id', { institution_id: 'ins_109508' }),
      400,
      'INVALID_REQUEST',
      'MISSING_FIELDS',
    );
  });

  it('rejects unknown institutions and products when making sandbox tokens', async () => {
    const { sim } = checked;
    await assertPlaidError(
      post(sim, '/sandbox/public_token/create', { institution_id: 'ins_1', initial_products: ['transactions'] }),
      400,
      'INVALID_INPUT',
      'INVALID_INSTITUTION',
    );
    await assertPlaidError(
      post(sim, '/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: ['telepathy'] }),
      400,
      'INVALID_REQUEST',
      'INVALID_FIELD',
    );
    await assertPlaidError(
      post(sim, '/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: [] }),
      400,
      'INVALID_REQUEST',
      'INVALID_FIELD',
    );
  });
});

describe('malformed requests', () => {
  it('answers NOT_FOUND and INVALID_BODY like Plaid', async () => {
    const { sim } = checked;
    const unknown = await fetch(`${sim.url}/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as Record<string, unknown>).error_code, 'NOT_FOUND');
    const bad = await fetch(`${sim.url}/accounts/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Record<string, unknown>).error_code, 'INVALID_BODY');
  });
});

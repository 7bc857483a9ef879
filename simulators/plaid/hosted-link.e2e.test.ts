// Clicks through the Hosted Link page in Debian's Chromium (one launch for all
// cases) and checks what /link/token/get and the exchange make of it.
// Screenshots: test-output/plaid-sim/*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  LINK_REQUEST,
  assertPlaidError,
  assertSpecClean,
  post,
  sandboxItem,
  startCheckedSim,
  type CheckedSim,
} from './test-support.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const SHOTS = resolve(import.meta.dirname, '../../test-output/plaid-sim');
let checked: CheckedSim;
let browser: Browser;
let landing: Server;
let landingUrl: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  checked = await startCheckedSim();
  // Stands in for the dashboard the completion redirect returns to.
  landing = createServer((_req, res) =>
    res.end('<!doctype html><title>back home</title><h1>Back in Home Assistant</h1>'),
  );
  await new Promise<void>((r) => landing.listen(0, '127.0.0.1', r));
  landingUrl = `http://127.0.0.1:${(landing.address() as AddressInfo).port}/dashboard`;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => landing.close(() => r()));
  await checked.close();
  assertSpecClean(checked);
});

async function openLink(extra: Record<string, unknown> = {}): Promise<{ page: Page; token: string }> {
  const created = await post(checked.sim, '/link/token/create', {
    ...LINK_REQUEST,
    hosted_link: { completion_redirect_uri: landingUrl },
    ...extra,
  });
  const page = await browser.newPage({ viewport: { width: 520, height: 720 } });
  await page.goto(String(created.body.hosted_link_url));
  return { page, token: String(created.body.link_token) };
}

async function sessions(token: string): Promise<Record<string, unknown>[]> {
  return (await post(checked.sim, '/link/token/get', { link_token: token })).body.link_sessions as Record<
    string,
    unknown
  >[];
}

it('links First Platypus Bank, redirects to the completion URI, and yields a single-use public token', async () => {
  const { page, token } = await openLink();
  assert.equal((await sessions(token)).length, 1, 'opening the page starts a session');
  await page.fill('[data-testid=institution-search]', 'platypus');
  assert.equal(await page.isVisible('[data-testid=institution-ins_109511]'), false, 'search filters the list');
  await page.screenshot({ path: `${SHOTS}/1-select-institution.png` });
  await page.click('[data-testid=institution-ins_109508]');
  await page.fill('#username', 'user_good');
  await page.fill('#password', 'pass_good');
  await page.screenshot({ path: `${SHOTS}/2-credentials.png` });
  await page.click('[data-testid=submit-credentials]');
  await page.waitForSelector('body[data-step=accounts]');
  const boxes = page.locator('input[data-testid^=account-]');
  assert.equal(await boxes.count(), 9);
  for (let i = 0; i < 9; i++) assert.equal(await boxes.nth(i).isChecked(), true);
  const ids = await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  // Keep checking and savings only.
  for (const id of ids.slice(2)) await page.uncheck(`[data-testid=account-${id}]`);
  await page.screenshot({ path: `${SHOTS}/3-accounts.png` });
  await page.click('[data-testid=continue]');
  await page.waitForURL(landingUrl);
  await page.close();

  const [session] = await sessions(token);
  const results = session!.results as {
    item_add_results: { public_token: string; accounts: { id: string }[]; institution: { institution_id: string } }[];
  };
  const add = results.item_add_results[0]!;
  assert.equal(add.institution.institution_id, 'ins_109508');
  assert.deepEqual(
    add.accounts.map((a) => a.id),
    ids.slice(0, 2),
  );
  const eventNames = (session!.events as { event_name: string }[]).map((e) => e.event_name);
  assert.deepEqual(
    eventNames.filter((n) => n !== 'TRANSITION_VIEW'),
    ['OPEN', 'SELECT_INSTITUTION', 'SUBMIT_CREDENTIALS', 'HANDOFF'],
  );

  const exchanged = await post(checked.sim, '/item/public_token/exchange', { public_token: add.public_token });
  assert.equal(exchanged.status, 200);
  const accounts = await post(checked.sim, '/accounts/get', { access_token: exchanged.body.access_token });
  assert.deepEqual(
    (accounts.body.accounts as { account_id: string }[]).map((a) => a.account_id),
    ids.slice(0, 2),
  );
  await assertPlaidError(
    post(checked.sim, '/item/public_token/exchange', { public_token: add.public_token }),
    400,
    'INVALID_INPUT',
    'INVALID_PUBLIC_TOKEN',
  );
});

it('shows an error for a wrong password, then records the exit', async () => {
  const { page, token } = await openLink();
  await page.click('[data-testid=institution-ins_109509]');
  await page.fill('#username', 'user_good');
  await page.fill('#password', 'wrong');
  await page.click('[data-testid=submit-credentials]');
  const error = await page.textContent('[data-testid=credential-error]');
  assert.match(error ?? '', /credentials were not correct/);
  await page.screenshot({ path: `${SHOTS}/4-bad-password.png` });
  await page.click('[data-testid=exit]');
  await page.waitForURL(landingUrl);
  await page.close();
  const [session] = await sessions(token);
  const exit = session!.exit as {
    error: { error_code: string };
    metadata: { status: string; institution: { institution_id: string } };
  };
  assert.equal(exit.error.error_code, 'INVALID_CREDENTIALS');
  assert.equal(exit.metadata.status, 'requires_credentials');
  assert.equal(exit.metadata.institution.institution_id, 'ins_109509');
  assert.equal(session!.results, undefined);
});

it('without a completion URI, ends on a "close this window" page', async () => {
  const created = await post(checked.sim, '/link/token/create', { ...LINK_REQUEST, hosted_link: {} });
  const page = await browser.newPage({ viewport: { width: 520, height: 720 } });
  await page.goto(String(created.body.hosted_link_url));
  await page.click('[data-testid=exit]');
  await page.waitForSelector('[data-testid=done]');
  assert.match((await page.textContent('[data-testid=done]')) ?? '', /close this window/);
  await page.close();
  const [session] = await sessions(String(created.body.link_token));
  assert.equal((session!.exit as { error: unknown }).error, null);
});

it('update mode skips institution choice and heals the item', async () => {
  const item = await sandboxItem(checked.sim, 'ins_109510');
  await post(checked.sim, '/sandbox/item/reset_login', { access_token: item.access_token });
  const base: Record<string, unknown> = { ...LINK_REQUEST };
  delete base.products;
  const created = await post(checked.sim, '/link/token/create', {
    ...base,
    access_token: item.access_token,
    hosted_link: {},
  });
  const page = await browser.newPage({ viewport: { width: 520, height: 720 } });
  await page.goto(String(created.body.hosted_link_url));
  assert.match((await page.textContent('h1')) ?? '', /Reconnect to Tattersall Federal Credit Union/);
  await page.screenshot({ path: `${SHOTS}/5-update-mode.png` });
  await page.fill('#username', 'user_good');
  await page.fill('#password', 'pass_good');
  await page.click('[data-testid=submit-credentials]');
  await page.waitForSelector('[data-testid=done]');
  await page.close();
  assert.equal((await post(checked.sim, '/accounts/get', { access_token: item.access_token })).status, 200);
});

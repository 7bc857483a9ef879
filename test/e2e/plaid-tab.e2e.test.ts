// Where Plaid's tab ends (issue 36): on the done page HACS serves beside the
// card, which needs no HA login, in HA's real frontend with the card
// installed by HACS (`/hacsfiles/`). A tab without HA's tokens (the phone's
// system browser, or a login without "Keep me logged in") must not end on
// HA's login page, and a link whose dialog was closed must not leave a bank
// connection at Plaid. Screenshots: test-output/e2e/plaid-tab-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LINK_DONE_PAGE } from '../../src/card/link-done.js';
import { HACS_REPOSITORY } from '../../simulators/demo/card-dashboard.js';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import { haTokensOf, logInToHa, type StorageState } from './support/ha-frontend.js';
import { BrowserCapture, findLeaks } from './support/leak-scan.js';

const DONE_PATH = `/hacsfiles/${HACS_REPOSITORY}/${LINK_DONE_PAGE}`;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 860 };

let stack: DemoStack;
let browser: Browser;
let adminTokens: StorageState;
const capture = new BrowserCapture();
const shots = new Screenshots('plaid-tab-');
const contexts: BrowserContext[] = [];

async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-US', timezoneId: 'UTC', ...options });
  contexts.push(context);
  capture.attach(context);
  return context;
}

const dialog = (page: Page) => page.locator('plaid-balance-link-dialog');

/** The dashboard of a context logged in with "Keep me logged in", the link dialog open at "Open Plaid". */
async function dialogAtOpenPlaid(): Promise<Page> {
  const page = await (await newContext({ storageState: adminTokens })).newPage();
  await page.goto(stack.dashboardUrl);
  // The empty card's button, or the footer's once a bank is linked.
  await page.locator('plaid-balance-card').locator('.empty .btn, .btn.link').first().click();
  await dialog(page).locator('.open-plaid').waitFor();
  return page;
}

/** Clicks "Open Plaid": the Hosted Link tab the dialog opens with window.open. */
async function openPlaid(page: Page): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), dialog(page).locator('.open-plaid').click()]);
  await tab.waitForLoadState('domcontentloaded');
  return tab;
}

/** Hosted Link: First Platypus Bank, log in, keep the offered accounts, finish. */
async function linkInPlaid(tab: Page): Promise<void> {
  await tab.waitForSelector('body[data-step=select_institution]');
  await tab.fill('[data-testid=institution-search]', 'platypus');
  await tab.click('[data-testid=institution-ins_109508]');
  await tab.waitForSelector('body[data-step=credentials]');
  await tab.fill('#username', 'user_good');
  await tab.fill('#password', 'pass_good');
  await tab.click('[data-testid=submit-credentials]');
  await tab.waitForSelector('body[data-step=accounts]');
  await tab.click('[data-testid=continue]');
}

/** Waits for Plaid's redirect and checks the tab shows the done page: no HA login, no card, no query. */
async function assertDonePage(tab: Page): Promise<void> {
  await tab
    .waitForURL((url) => url.pathname === DONE_PATH || url.pathname.startsWith('/auth/'), { timeout: 20_000 })
    .catch(() => undefined);
  const url = new URL(tab.url());
  assert.equal(url.pathname, DONE_PATH, `Plaid's tab ended on ${url.pathname}, not on the done page`);
  await tab.locator('main h1').waitFor();
  assert.equal(url.search, '');
  assert.match(await tab.locator('main').innerText(), /Done in Plaid[\s\S]*close this tab/);
  assert.equal(await tab.locator('ha-authorize, plaid-balance-card, button').count(), 0);
}

function plaidSensors(): string[] {
  return [...stack.ha.states.values()].filter((s) => s.attributes.plaid_balance === 1).map((s) => s.entity_id);
}

before(async () => {
  [stack, browser] = await startTogether(
    { start: () => DemoStack.start({ install: 'hacs' }), stop: (s) => s.close() },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  const page = await (await newContext()).newPage();
  await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl);
  adminTokens = await haTokensOf(page);
  await page.context().close();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe("Plaid's tab in Chromium", { timeout: 300_000 }, () => {
  it('ends on the done page in a browser that holds no HA tokens, as a phone’s system browser', async () => {
    const page = await dialogAtOpenPlaid();
    const opened = await openPlaid(page);
    const hostedLinkUrl = opened.url();
    await opened.close();
    // The phone's browser: another context, never logged in to HA.
    const phone = await (await newContext({ viewport: PHONE })).newPage();
    await phone.goto(hostedLinkUrl);
    await linkInPlaid(phone);
    await assertDonePage(phone);
    await dialog(page).locator('.content.form').waitFor({ timeout: 20_000 });
    await dialog(page).locator('.submit').click();
    await dialog(page).locator('.content.created').waitFor({ timeout: 20_000 });
    await dialog(page).locator('.done').click();
    await page.context().close();
  });

  it('ends on the done page after a login without "Keep me logged in"', async () => {
    const page = await (await newContext()).newPage();
    await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl, { keepLoggedIn: false });
    assert.equal(await page.evaluate(() => localStorage.getItem('hassTokens')), null, 'HA kept no tokens');
    await page.locator('plaid-balance-card .btn.link').click();
    await dialog(page).locator('.open-plaid').waitFor();
    const tab = await openPlaid(page);
    await linkInPlaid(tab);
    await assertDonePage(tab);
    await dialog(page).locator('.content.form').waitFor({ timeout: 20_000 });
  });

  it('removes the bank linked in Plaid after the dialog was closed, and says nothing was added', async () => {
    const before = new Set(stack.plaid.items().map((i) => i.item_id));
    const sensorsBefore = plaidSensors();
    const page = await dialogAtOpenPlaid();
    const tab = await openPlaid(page);
    await tab.waitForSelector('body[data-step=select_institution]');
    await dialog(page).locator('button.close').click();
    await dialog(page).locator('dialog[open]').waitFor({ state: 'detached' });
    await linkInPlaid(tab);
    await assertDonePage(tab);
    assert.match(await tab.locator('main').innerText(), /closed that dialog[^.]*nothing was added/);
    const orphan = async () => stack.plaid.items().find((i) => !before.has(i.item_id));
    for (const deadline = Date.now() + 30_000; (await orphan())?.state !== 'removed';) {
      assert.ok(
        Date.now() < deadline,
        `the Item linked after the cancel is removed at Plaid: ${(await orphan())?.state}`,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(plaidSensors(), sensorsBefore, 'no entities for it in HA');
    const lines = stack.companionOutput.filter((l) => l.includes('link cancelled in Home Assistant'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /INFO/);
  });

  it('reads in the browser’s language, light and dark, on a phone', async () => {
    for (const [locale, colorScheme] of [
      ['en-US', 'light'],
      ['en-US', 'dark'],
      ['de-DE', 'light'],
      ['de-DE', 'dark'],
    ] as const) {
      const page = await (await newContext({ viewport: PHONE, locale, colorScheme })).newPage();
      await page.goto(`${stack.ha.url}${DONE_PATH}?state=from-plaid`);
      await page.locator('main h1').waitFor();
      assert.equal(new URL(page.url()).search, '', 'the query is gone from the address bar');
      const lang = await page.evaluate(() => document.documentElement.lang);
      assert.equal(lang, locale.slice(0, 2));
      assert.match(await page.locator('h1').innerText(), lang === 'de' ? /Fertig in Plaid/ : /Done in Plaid/);
      await shots.take(page, `done-page-${lang}-${colorScheme}`);
      await page.context().close();
    }
  });

  it('showed no Plaid secret or token to any browser page', async () => {
    await capture.settle();
    const secrets = [stack.plaid.secret, ...stack.plaid.linkTokens()];
    const done = capture.urls.filter((u) => u.text.includes(LINK_DONE_PAGE));
    assert.ok(done.length >= 3);
    assert.deepEqual(findLeaks(secrets, done), []);
  });
});

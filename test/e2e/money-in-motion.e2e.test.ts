// The demo's linked bank as `npm run demo -- --mqtt --linked` sets it up, in Debian's Chromium and HA's own
// frontend: the card shows this month's spending, the recent transactions and the credit card's payment due,
// in HA's light and dark themes, English and German, 1280 and 390 px wide.
// Screenshots: test-output/e2e/money-in-motion-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_BANK, DEMO_PLAID_PRODUCTS } from '../../simulators/demo/demo-bank.js';
import { calmDues } from '../../simulators/demo/demo-dues.js';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import { haTokensOf, logInToHa, type StorageState } from './support/ha-frontend.js';
import { darkModeFlag, settleHaTheme } from './support/ha-theme.js';
import { BrowserCapture, findLeaks } from './support/leak-scan.js';

const RECENT = 'sensor.plaid_first_platypus_bank_0000_recent_transactions';

let stack: DemoStack;
let browser: Browser;
let login: StorageState | undefined;
const capture = new BrowserCapture();
const shots = new Screenshots('money-in-motion-');
const contexts: BrowserContext[] = [];

const card = (page: Page) => page.locator('plaid-balance-card');

before(async () => {
  [stack, browser] = await startTogether(
    {
      start: () => DemoStack.start({ mqtt: true, plaidProducts: DEMO_PLAID_PRODUCTS, pollInterval: '60s' }),
      stop: (s) => s.close(),
    },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  await stack.linkBank(DEMO_BANK.institutionId, {
    dueDates: true,
    beforeChoosing: (itemId) => calmDues(stack.plaid, itemId),
  });
  await stack.ha.waitForState(RECENT, (s) => Number(s.state) > 0, 30_000);
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
});

async function newPage(view: { theme: 'light' | 'dark'; lang: 'en' | 'de'; width: number }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: view.width, height: 1400 },
    locale: view.lang === 'de' ? 'de-DE' : 'en-US',
    colorScheme: view.theme,
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
    ...(login ? { storageState: login } : {}),
  });
  contexts.push(context);
  capture.attach(context);
  const page = await context.newPage();
  if (login) await page.goto(stack.dashboardUrl);
  else {
    await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl);
    login = await haTokensOf(page);
  }
  await card(page).locator('ha-card').waitFor({ timeout: 30_000 });
  assert.ok(await settleHaTheme(page, view.theme, darkModeFlag(card(page))), `HA's ${view.theme} theme`);
  return page;
}

describe('money in motion on the demo dashboard', { timeout: 240_000 }, () => {
  it('shows spending, recent transactions and a payment due: light, dark, en, de, 1280 and 390 px', async () => {
    const views = [
      { theme: 'light', lang: 'en', width: 1280 },
      { theme: 'dark', lang: 'de', width: 1280 },
      { theme: 'light', lang: 'de', width: 390 },
      { theme: 'dark', lang: 'en', width: 390 },
    ] as const;
    for (const view of views) {
      const page = await newPage(view);
      const transactions = card(page).locator('.tx');
      await transactions.first().waitFor({ timeout: 20_000 });
      assert.equal(await transactions.count(), 5, 'the default count of recent transactions');
      const text = await card(page).locator('ha-card').innerText();
      assert.match(text, view.lang === 'de' ? /Diesen Monat/ : /this month/, 'the spending line');
      assert.match(text, view.lang === 'de' ? /Fällig/ : /Due/, "the credit card's payment due");
      await shots.take(page, `${view.theme}-${view.lang}-${view.width}`);
      await page.context().close();
    }
  });

  it('leaves no Plaid secret in what HA recorded or the browser received', async () => {
    await capture.settle();
    const tokens = [stack.plaid.secret, ...stack.plaid.linkTokens(), ...stack.plaid.items().map((i) => i.access_token)];
    const sources = [{ source: 'HA simulator record', text: stack.ha.recordText() }, ...capture.frames];
    assert.ok(capture.frames.length > 0);
    assert.deepEqual(findLeaks([...tokens, ...stack.plaid.hostedLinkUrls()], sources), []);
  });
});

// Language and theme, the way a user changes them in Home Assistant's real
// frontend: the profile page (HA keeps both per user with
// frontend/set_user_data, and every open tab follows through
// frontend/subscribe_user_data), and the admin's `frontend.set_theme` (its
// `themes_updated` makes every frontend refetch the themes). The card and its
// link dialog, open meanwhile, follow both. The demo stack with First
// Platypus Bank linked; one browser, one login. Screenshots: test-output/e2e/profile-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callService, type Connection } from 'home-assistant-js-websocket';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { MIDNIGHT_COLOURS, MIDNIGHT_THEME } from '../../simulators/demo/demo-theme.js';
import { connectHaws } from '../../simulators/ha/haws-node-socket.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import {
  loggedInStorage,
  NOT_SIMULATED,
  refusedCommands,
  unknownCommands,
  type StorageState,
} from './support/ha-frontend.js';

const PLATYPUS = 'ins_109508';
/** HA's default light theme as the card and the dialog compute it. */
const LIGHT = { card: 'rgb(255, 255, 255)', text: 'rgb(20, 20, 20)' };

let stack: DemoStack;
let browser: Browser;
let tokens: StorageState;
let adminWs: Connection | undefined;
const contexts: BrowserContext[] = [];
const shots = new Screenshots('profile-');
let dashboard: Page;
let profile: Page;

const card = (page: Page) => page.locator('plaid-balance-card');
const dialog = (page: Page) => page.locator('plaid-balance-link-dialog');

/** A new browser (another device) with HA's tokens only: no language or theme of its own. */
async function device(locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale,
    colorScheme: 'light',
    timezoneId: 'UTC',
    storageState: tokens,
  });
  contexts.push(context);
  return context;
}

async function openDashboard(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(stack.dashboardUrl);
  await card(page).locator('.row').first().waitFor({ timeout: 30_000 });
  return page;
}

function cardLook(page: Page) {
  return card(page).evaluate((el) => {
    const haCard = el.shadowRoot!.querySelector('ha-card')!;
    return {
      card: getComputedStyle(haCard).backgroundColor,
      text: getComputedStyle(el.shadowRoot!.querySelector('.amount')!).color,
      total: (el.shadowRoot!.querySelector('.totals') as HTMLElement).innerText.split('\n')[0]!.trim(),
    };
  });
}

function dialogLook(page: Page) {
  return dialog(page).evaluate((el) => {
    const native = el.shadowRoot!.querySelector('dialog')!;
    return {
      card: getComputedStyle(native).backgroundColor,
      text: getComputedStyle(native).color,
      scheme: getComputedStyle(native).colorScheme,
      title: el.shadowRoot!.querySelector('#title')!.textContent!.trim(),
    };
  });
}

/** Polls `look` until `done` holds (HA's hass reaches the element a moment after the change). */
async function until<T>(look: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await look();
    if (done(value)) return value;
    assert.ok(Date.now() < deadline, `${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The profile page's language picker: HA's searchable list. */
async function pickLanguage(page: Page, search: string, name: string): Promise<void> {
  const row = page.locator('ha-pick-language-row');
  await row.locator('ha-language-picker').click();
  // Into the list's own search box (typed on the page, letters open HA's quick bar).
  await row.getByRole('textbox').first().fill(search);
  await page.getByText(name, { exact: true }).first().click();
}

async function pickTheme(page: Page, name: string): Promise<void> {
  await page.locator('ha-theme-settings ha-theme-picker').click();
  await page.getByText(name, { exact: true }).first().click();
}

before(async () => {
  [stack, browser] = await startTogether(
    { start: () => DemoStack.start(), stop: (s) => s.close() },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  await stack.linkBank(PLATYPUS);
  tokens = await loggedInStorage(browser, stack.ha, 'admin', stack.dashboardUrl);
  adminWs = await connectHaws(stack.ha.url, stack.ha.adminToken);
});

after(async () => {
  adminWs?.close();
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe("language and theme in HA's real frontend", { timeout: 300_000 }, () => {
  it(
    'the open link dialog follows frontend.set_theme from another client ' +
      'and a language picked on the profile page in another tab',
    async () => {
      const context = await device();
      dashboard = await openDashboard(context);
      assert.deepEqual(await cardLook(dashboard), { ...LIGHT, total: 'Total' });
      await card(dashboard).locator('.footer .link').click();
      await dialog(dashboard).locator('.open-plaid').waitFor({ timeout: 20_000 });
      const before = await until(
        () => dialogLook(dashboard),
        (d) => d.title === 'Link a bank',
        'the dialog opened in English',
      );
      assert.deepEqual([before.card, before.text], [LIGHT.card, LIGHT.text]);
      assert.notEqual(before.scheme, 'dark');
      await shots.take(dashboard, 'dialog-light-en');

      // An admin elsewhere (an automation, developer tools) makes Midnight HA's default theme.
      await callService(adminWs!, 'frontend', 'set_theme', { name: MIDNIGHT_THEME });
      const themed = await until(
        () => dialogLook(dashboard),
        (d) => d.card === MIDNIGHT_COLOURS.card,
        'the open dialog took the new default theme',
      );
      assert.deepEqual(
        themed,
        { ...MIDNIGHT_COLOURS, scheme: 'dark', title: 'Link a bank' },
        'Midnight is dark-only: dark mode too',
      );
      await shots.take(dashboard, 'dialog-midnight-en');

      // The same user switches to German on the profile page in a second tab.
      profile = await context.newPage();
      await profile.goto(`${stack.ha.url}/profile/general`);
      await pickLanguage(profile, 'Deutsch', 'Deutsch');
      const german = await until(
        () => dialogLook(dashboard),
        (d) => d.title === 'Bank verknüpfen',
        'the open dialog switched to German',
      );
      assert.equal(german.card, MIDNIGHT_COLOURS.card);
      assert.doesNotMatch(await dialog(dashboard).locator('.open-plaid').innerText(), /Open Plaid/);
      await dashboard.bringToFront();
      await shots.take(dashboard, 'dialog-midnight-de');
      const language = stack.ha.hass.frontendStore.userData(stack.ha.adminUser.id)['language'] as {
        language?: string;
      } | null;
      assert.equal(language?.language, 'de', 'frontend/set_user_data stored the language');

      await callService(adminWs!, 'frontend', 'set_theme', { name: 'none' });
      await until(
        () => dialogLook(dashboard),
        (d) => d.card === LIGHT.card && d.scheme !== 'dark',
        'back to the default light theme',
      );
      await dialog(dashboard).locator('.close').click();
      await dialog(dashboard).locator('dialog[open]').waitFor({ state: 'detached' });
      assert.equal((await cardLook(dashboard)).total, 'Summe');
    },
  );

  it(
    'on the profile page the user picks the Midnight theme; ' +
      'the dashboard follows, and HA keeps both choices for another device',
    async () => {
      await profile.bringToFront();
      await pickTheme(profile, MIDNIGHT_THEME);
      await until(
        () => cardLook(dashboard),
        (c) => c.card === MIDNIGHT_COLOURS.card,
        'the dashboard tab took the theme picked in the profile tab',
      );
      const stored = stack.ha.hass.frontendStore.userData(stack.ha.adminUser.id)['theme'] as { theme?: string } | null;
      assert.equal(stored?.theme, MIDNIGHT_THEME, 'frontend/set_user_data stored the theme');
      await shots.take(profile, 'profile-de-midnight');
      await dashboard.bringToFront();
      await shots.take(dashboard, 'dashboard-de-midnight');

      // Another browser with an English locale: the user's language and theme come from HA.
      const other = await openDashboard(await device('en-US'));
      const look = await until(
        () => cardLook(other),
        (c) => c.total === 'Summe' && c.card === MIDNIGHT_COLOURS.card,
        'another device shows German and Midnight',
      );
      assert.deepEqual(look, { ...MIDNIGHT_COLOURS, total: 'Summe' });
      assert.match(
        await card(other).locator('.amount').first().innerText(),
        /^[\d.]+,\d\d\s\$$/,
        'German number format',
      );
      await shots.take(other, 'other-device-de-midnight');
      await other.close();
    },
  );

  it('every command the profile page sent was answered, but those known to go unanswered', () => {
    assert.ok(
      stack.ha.record.some((e) => e.kind === 'ws-in' && e.text.includes('"frontend/set_user_data"')),
      'the profile page saved with frontend/set_user_data',
    );
    assert.deepEqual(
      unknownCommands(stack.ha).filter((type) => !NOT_SIMULATED.includes(type)),
      [],
    );
    assert.deepEqual(refusedCommands(stack.ha), [], 'none was refused as malformed');
  });
});

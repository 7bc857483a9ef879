// The whole product in Debian's Chromium: the demo stack (HA simulator serving
// Home Assistant's own frontend, Plaid simulator, the real companion CLI as a
// child process) and the built card on a storage-mode dashboard, reached
// through HA's login page. One stack and one browser for an ordered journey;
// each scenario gets its own browser context. Screenshots: test-output/e2e/NN-*.png.
// Over 300 lines: one ordered journey, each step starting where the last
// left the stack; split, each file would start its own stack and login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DASHBOARD_PATH, DemoStack } from '../../simulators/demo/demo-stack.js';
import type { SimItem } from '../../simulators/plaid/plaid-server.js';
import { darkModeFlag, settleHaTheme } from './support/ha-theme.js';
import { countBecomes, launchBrowser, Screenshots, valueBecomes } from './support/chromium-browser.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { LINK_DONE_PAGE } from '../../src/card/link-done.js';
import { BrowserCapture, countHits, findLeaks } from './support/leak-scan.js';
import {
  NOT_SIMULATED,
  haTokensOf,
  logInToHa,
  refusedCommands,
  unknownCommands,
  type StorageState,
} from './support/ha-frontend.js';

/** How the dashboard is looked at: the browser's colour scheme (HA's default theme follows it) and language. */
interface DashboardView {
  theme?: 'light' | 'dark';
  lang?: string;
  width?: number;
}

/** The companion's POLL_INTERVAL: short, so a change in the Plaid simulator shows up quickly. */
const POLL_INTERVAL = process.env.E2E_POLL_INTERVAL ?? '2s';
/** One poll interval plus slack for the request and the HA round trip on a loaded 2-core machine. */
const POLL_WAIT_MS = Number(/^(\d+)s$/.exec(POLL_INTERVAL)?.[1] ?? 60) * 1000 + 30_000;
/** Set by demo-journey-latency.e2e.test.ts, which runs this journey over a slow network. */
const HA_LATENCY_MS = Number(process.env.E2E_HA_LATENCY_MS ?? 0);
const HA_JITTER_MS = Number(process.env.E2E_HA_JITTER_MS ?? 0);
const LINK_TOKEN_LATENCY_MS = Number(process.env.E2E_LINK_TOKEN_LATENCY_MS ?? 0);
const PLATYPUS = 'ins_109508';
const GINGHAM = 'ins_109509';
const VIEWPORT = { width: 1280, height: 860 };

let stack: DemoStack;
let browser: Browser;
const capture = new BrowserCapture();
const shots = new Screenshots(HA_LATENCY_MS ? 'latency-' : '');
const contexts: BrowserContext[] = [];
let admin: Page;

const card = (page: Page) => page.locator('plaid-balance-card');
const dialog = (page: Page) => page.locator('plaid-balance-link-dialog');
/** HA's dialog manager keeps the element once created; a dialog on screen has its native <dialog> open. */
const shownDialog = (page: Page) => dialog(page).locator('dialog[open]');

/** Where the dialog element lives: HA's dialog manager puts it in <home-assistant>'s shadow root. */
function dialogHost(page: Page): Promise<string> {
  return page.evaluate((tag) => {
    if (document.body.querySelector(tag)) return 'body';
    return document.querySelector('home-assistant')?.shadowRoot?.querySelector(tag) ? 'home-assistant' : 'nowhere';
  }, 'plaid-balance-link-dialog');
}
const rows = (page: Page) => card(page).locator('.row');
const row = (page: Page, name: string) => rows(page).filter({ has: page.locator('.account', { hasText: name }) });

/** Each user logs in once at HA's login page; later pages start with that login's tokens (another tab). */
const tokens = new Map<'admin' | 'user', StorageState>();

async function newPage(user: 'admin' | 'user', view: DashboardView = {}): Promise<Page> {
  const lang = view.lang ?? 'en';
  const saved = tokens.get(user);
  const context = await browser.newContext({
    viewport: { ...VIEWPORT, width: view.width ?? VIEWPORT.width },
    locale: lang === 'de' ? 'de-DE' : 'en-US',
    colorScheme: view.theme ?? 'light',
    timezoneId: 'UTC',
    // HA's charts follow this (ha-chart-base: no animation), so a shot shows the whole history line, not part of it.
    reducedMotion: 'reduce',
    ...(saved ? { storageState: saved } : {}),
  });
  contexts.push(context);
  capture.attach(context);
  const page = await context.newPage();
  if (saved) await page.goto(stack.dashboardUrl);
  else {
    await logInToHa(page, stack.ha, user, stack.dashboardUrl);
    tokens.set(user, await haTokensOf(page));
  }
  await card(page).locator('ha-card').waitFor({ timeout: 30_000 });
  if (view.theme)
    assert.ok(await settleHaTheme(page, view.theme, darkModeFlag(card(page))), `HA's ${view.theme} theme`);
  return page;
}

function platypus(): SimItem {
  const item = stack.plaid.items().find((i) => i.institution_id === PLATYPUS && i.state !== 'removed');
  assert.ok(item, 'the Plaid simulator holds a First Platypus Bank item');
  return item;
}

function plaidSensors(): string[] {
  return [...stack.ha.states.values()]
    .filter((s) => s.attributes.plaid_balance === 1)
    .map((s) => s.entity_id)
    .sort();
}

/** Clicks the dialog's "Open Plaid" and returns the Hosted Link tab it opens. */
async function openPlaid(page: Page): Promise<Page> {
  const button = dialog(page).locator('.open-plaid');
  await button.waitFor();
  const [tab] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
  await tab.waitForLoadState('domcontentloaded');
  return tab;
}

async function logIn(tab: Page): Promise<void> {
  await tab.waitForSelector('body[data-step=credentials]');
  await tab.fill('#username', 'user_good');
  await tab.fill('#password', 'pass_good');
  await tab.click('[data-testid=submit-credentials]');
}

/** Hosted Link: choose the bank, log in, keep every offered account, finish; back on the dashboard. */
async function linkInHostedLink(tab: Page, institutionId: string, search: string, step: string): Promise<void> {
  await tab.waitForSelector('body[data-step=select_institution]');
  await tab.fill('[data-testid=institution-search]', search);
  await tab.click(`[data-testid=institution-${institutionId}]`);
  await logIn(tab);
  await tab.waitForSelector('body[data-step=accounts]');
  await shots.take(tab, `${step}-hosted-link-accounts`);
  await tab.click('[data-testid=continue]');
  await tab.waitForURL((url) => url.pathname.endsWith(`/${LINK_DONE_PAGE}`));
  await tab.close();
}

/** In the dialog's accounts form, keeps only the named accounts (with their suggested balances). */
async function keepOnly(page: Page, names: readonly string[]): Promise<void> {
  const items = dialog(page).locator('li.account');
  const count = await items.count();
  for (let i = 0; i < count; i++) {
    const li = items.nth(i);
    // The account's tick is labelled with Plaid's name for it (the name field may be edited).
    const name = await li.locator('.include').getAttribute('aria-label');
    if (name !== null && names.includes(name)) continue;
    await li.locator('.include').uncheck();
  }
}

/** Waits until the element stops moving (HA's drawers slide in), so a screenshot shows it in place. */
async function settled(locator: Locator): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box === last) return;
    last = box;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function amountOf(locator: Locator): Promise<string> {
  return (await locator.locator('.amount').innerText()).trim();
}

before(async () => {
  const started = Date.now();
  [stack, browser] = await startTogether(
    {
      start: () =>
        DemoStack.start({
          pollInterval: POLL_INTERVAL,
          ...(HA_LATENCY_MS
            ? { haLatency: { wsMessageMs: HA_LATENCY_MS, restMs: HA_LATENCY_MS, jitterMs: HA_JITTER_MS } }
            : {}),
          ...(LINK_TOKEN_LATENCY_MS ? { plaidLatency: { '/link/token/create': LINK_TOKEN_LATENCY_MS } } : {}),
        }),
      stop: (s) => s.close(),
    },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  console.log(`# stack and browser up in ${Date.now() - started} ms`);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe('demo journey in Chromium', { timeout: 600_000 }, () => {
  it('admin links First Platypus Bank through Hosted Link and sees two accounts grouped and totalled', async () => {
    admin = await newPage('admin');
    const empty = card(admin).locator('.empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No bank accounts linked yet/);
    await shots.take(admin, 'admin-empty-card');

    // Opened through HA's dialog manager: Back closes it (and cancels the flow), as HA's own dialogs.
    await empty.getByRole('button', { name: 'Link a bank' }).click();
    await dialog(admin).locator('.open-plaid').waitFor();
    assert.equal(
      await dialogHost(admin),
      'home-assistant',
      "the dialog lives in HA's root, placed by HA's dialog manager",
    );
    const startsBefore = stack.plaid.callsFor('/link/token/create').length;
    await admin.goBack();
    await shownDialog(admin).waitFor({ state: 'detached' });
    assert.equal(new URL(admin.url()).pathname, DASHBOARD_PATH, 'Back closed the dialog and stayed on the dashboard');
    assert.ok(stack.plaid.callsFor('/link/token/create').length >= startsBefore);

    await empty.getByRole('button', { name: 'Link a bank' }).click();
    await dialog(admin).locator('.open-plaid').waitFor();
    await shots.take(admin, 'link-dialog-open-plaid');
    const tab = await openPlaid(admin);
    await shots.take(tab, 'hosted-link-select-institution');
    await linkInHostedLink(tab, PLATYPUS, 'platypus', 'link');

    const form = dialog(admin).locator('.content.form');
    await form.waitFor({ timeout: 20_000 });
    assert.equal(
      await dialog(admin).locator('li.account').count(),
      platypus().accounts.length,
      'the form offers every linked account',
    );
    await keepOnly(admin, ['Plaid Checking', 'Plaid Saving']);
    await dialog(admin).locator('li.account').first().scrollIntoViewIfNeeded();
    await shots.take(admin, 'link-dialog-accounts-form');
    await dialog(admin).locator('.submit').click();
    const created = dialog(admin).locator('.content.created');
    await created.waitFor({ timeout: 20_000 });
    assert.match(await created.innerText(), /First Platypus Bank is linked/);
    await shots.take(admin, 'link-dialog-created');
    await dialog(admin).locator('.done').click();
    await shownDialog(admin).waitFor({ state: 'detached' });

    // The sensors exist in HA, for exactly the two chosen accounts.
    const sensors = plaidSensors();
    assert.ok(sensors.length >= 2, `sensors written: ${sensors.join(', ')}`);
    const names = new Set(sensors.map((id) => stack.ha.states.get(id)!.attributes.account_name));
    assert.deepEqual([...names].sort(), ['Plaid Checking', 'Plaid Saving']);
    const checkingCurrent = sensors.find((id) => id.endsWith('_0000_current'));
    assert.ok(checkingCurrent, 'sensor.plaid_<institution>_0000_current exists');
    assert.equal(stack.ha.states.get(checkingCurrent)!.state, '110');

    // The card shows them, grouped under the bank, with a total.
    await countBecomes(rows(admin), 2, 'the card shows 2 rows');
    assert.deepEqual(await card(admin).locator('.group-title').allTextContents(), ['First Platypus Bank']);
    assert.equal(await amountOf(row(admin, 'Plaid Checking')), '$110.00');
    assert.equal(await amountOf(row(admin, 'Plaid Saving')), '$210.00');
    assert.equal((await card(admin).locator('.totals .sum').innerText()).trim(), '$320.00');
    await shots.take(admin, 'admin-card-linked');
  });

  it('a balance change in the Plaid simulator shows in the card after the next poll', async () => {
    const checking = platypus().accounts.find((a) => a.name === 'Plaid Checking')!;
    stack.plaid.setBalance(checking.account_id, { current: 1234.56, available: 1200 });
    await row(admin, 'Plaid Checking').locator('.amount', { hasText: '$1,234.56' }).waitFor({ timeout: POLL_WAIT_MS });
    assert.equal((await card(admin).locator('.totals .sum').innerText()).trim(), '$1,444.56');
    await shots.take(admin, 'balance-changed');
  });

  it("tapping a row opens HA's more-info with the sensor's history graph from the recorded states", async () => {
    await row(admin, 'Plaid Checking').click();
    const moreInfo = admin.locator('ha-more-info-dialog');
    await moreInfo.locator('ha-more-info-history, state-history-charts').first().waitFor({ timeout: 20_000 });
    await moreInfo.locator('state-history-chart-line, ha-chart-base').first().waitFor({ timeout: 20_000 });
    const asked = stack.ha.record.some(
      (e) => e.kind === 'ws-in' && e.text.includes('"history/stream"') && e.text.includes('_0000_'),
    );
    assert.ok(asked, 'more-info streamed the history of the tapped sensor');
    // The graph HA draws holds the balance before the poll and after it.
    const streamed = stack.ha.record
      .flatMap((e) => (e.kind === 'ws-out' && e.text.includes('"states"') && e.text.includes('_0000_') ? [e.text] : []))
      .join('\n');
    for (const balance of ['"s":"110"', '"s":"1234.56"'])
      assert.ok(streamed.includes(balance), `history streamed ${balance}: ${streamed.slice(0, 400)}`);
    await shots.take(admin, 'more-info-history');
    await admin.keyboard.press('Escape');
    await moreInfo.locator('ha-more-info-history, state-history-charts').first().waitFor({ state: 'hidden' });
  });

  it('in German on a dark dashboard, the card and the Remove dialog speak German and stay dark', async () => {
    const page = await newPage('admin', { theme: 'dark', lang: 'de' });
    await rows(page).nth(1).waitFor();
    assert.match(await amountOf(row(page, 'Plaid Checking')), /^1\.234,56\s\$$/, 'German number format');
    assert.match(await card(page).locator('.totals').innerText(), /^Summe\s+1\.444,56\s\$$/);
    const remove = card(page).locator('.group-header .remove');
    assert.equal((await remove.innerText()).trim(), 'Entfernen');
    const colours = await card(page).evaluate((el) => {
      const root = el.shadowRoot!;
      return {
        card: getComputedStyle(root.querySelector('ha-card')!).backgroundColor,
        amount: getComputedStyle(root.querySelector('.amount')!).color,
      };
    });
    assert.deepEqual(colours, { card: 'rgb(28, 28, 28)', amount: 'rgb(225, 225, 225)' }, "HA's dark theme colours");
    await shots.take(page, 'dark-de-card');

    await remove.click();
    await dialog(page).locator('.confirm').waitFor();
    assert.equal((await dialog(page).locator('#title').innerText()).trim(), 'First Platypus Bank entfernen');
    assert.match(await dialog(page).locator('.content').innerText(), /Sensoren entfernen\?/);
    // HA's dialog manager hands the dialog its hass just after creating it: give it a moment.
    const colorScheme = () =>
      dialog(page).evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('dialog')!).colorScheme);
    assert.equal(
      await valueBecomes(colorScheme, 'dark', 5_000),
      'dark',
      'native controls in the dialog follow dark mode',
    );
    await shots.take(page, 'dark-de-remove-dialog');
    await dialog(page).locator('.close').click();
    await shownDialog(page).waitFor({ state: 'detached' });
    assert.equal(platypus().state, 'good', 'closing the dialog removed nothing');
    await page.close();
  });

  it('ITEM_LOGIN_REQUIRED shows the badge and Reconnect; reconnecting through update mode clears it', async () => {
    const item = platypus();
    stack.plaid.resetLogin(item.item_id);
    // Once for the bank, in its header (grouped by bank), not on each of its rows.
    const badge = card(admin).locator('.group-header .badge', { hasText: 'Login required' });
    await badge.waitFor({ timeout: POLL_WAIT_MS });
    const reconnect = card(admin).locator('.group-header .reconnect');
    await reconnect.waitFor();
    const problem = [...stack.ha.states.values()].find((s) => s.entity_id.startsWith('binary_sensor.plaid_'));
    assert.equal(problem?.state, 'on', 'the problem binary_sensor is on');
    await shots.take(admin, 'login-required-badge');

    // The companion's notification shows in HA's own notification drawer.
    for (const deadline = Date.now() + POLL_WAIT_MS; stack.ha.notifications.size === 0;) {
      assert.ok(Date.now() < deadline, 'the companion created a persistent notification');
      await new Promise((r) => setTimeout(r, 200));
    }
    const notification = [...stack.ha.notifications.values()][0]!;
    await admin
      .getByRole('button', { name: /notifications/i })
      .first()
      .click();
    const drawer = admin.locator('notification-drawer');
    const drawerItem = drawer.locator('notification-item', { hasText: notification.title! }).first();
    await drawerItem.waitFor();
    // The body is HA's markdown, rendered by its markdown worker a moment after the title.
    await drawerItem.locator('ha-markdown', { hasText: notification.message.slice(-60) }).waitFor();
    await settled(drawerItem);
    await shots.take(admin, 'notification-drawer');
    await admin.keyboard.press('Escape');
    await drawer.locator('notification-item').first().waitFor({ state: 'hidden' });

    await reconnect.click();
    const tab = await openPlaid(admin);
    assert.match(await tab.locator('h1').innerText(), /Reconnect to First Platypus Bank/);
    await shots.take(tab, 'hosted-link-update-mode');
    await logIn(tab);
    await tab.waitForURL((url) => url.pathname.endsWith(`/${LINK_DONE_PAGE}`));
    await tab.close();

    const finished = dialog(admin).locator('.content.created, .content.abort');
    await finished.waitFor({ timeout: 20_000 });
    await shots.take(admin, 'reconnect-dialog-finished');
    assert.equal(await dialog(admin).locator('.content.created').count(), 1, await finished.innerText());
    await dialog(admin).locator('.done').click();
    await badge.waitFor({ state: 'detached', timeout: POLL_WAIT_MS });
    await reconnect.waitFor({ state: 'detached' });
    assert.equal(stack.plaid.items().find((i) => i.item_id === item.item_id)?.state, 'good');
    assert.equal(stack.plaid.callsFor('/item/public_token/exchange').length, 1, 'update mode needs no token exchange');
    await shots.take(admin, 'reconnected');
  });

  it('a non-admin sees balances but no Link/Reconnect/Remove, and a forged request is refused', async () => {
    const user = await newPage('user');
    await rows(user).nth(1).waitFor();
    assert.equal(await amountOf(row(user, 'Plaid Checking')), '$1,234.56');
    for (const control of ['.link', '.reconnect', '.remove', '.manage', '.empty button']) {
      assert.equal(await card(user).locator(control).count(), 0, `no ${control} control for a non-admin`);
    }
    assert.equal(await card(user).locator('button').count(), 0, 'no buttons at all');
    await shots.take(user, 'non-admin-card');

    // The user forges the card's request on the dashboard's own connection (as from devtools).
    const itemId = platypus().item_id;
    const answer = await card(user).evaluate(async (node, item_id) => {
      const el = node as unknown as { hass: { callWS: (m: Record<string, unknown>) => Promise<unknown> } };
      try {
        await el.hass.callWS({
          type: 'fire_event',
          event_type: 'plaid_balance_request',
          event_data: { v: 1, id: 'forged-1', action: 'items/remove', item_id },
        });
        return { ok: true as const };
      } catch (err) {
        return { ok: false as const, error: err as { code: string; message: string } };
      }
    }, itemId);
    assert.equal(answer.ok, false, 'HA refuses fire_event from a non-admin');
    assert.equal(answer.ok === false && answer.error.code, 'unauthorized');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(stack.plaid.callsFor('/item/remove').length, 0, 'nothing was removed');
    assert.ok(plaidSensors().length >= 2);
    await user.context().close();
  });

  it(
    'with the companion stopped the dialog says so and ' + 'shows how to start it; after a start linking works',
    async () => {
      await stack.stopCompanion();
      await card(admin).locator('.footer .link').click();
      const unreachable = dialog(admin).locator('.content.unreachable');
      await unreachable.waitFor({ timeout: 15_000 });
      const text = await unreachable.innerText();
      assert.match(text, /The companion is not running/);
      assert.match(text, /npm run companion -- start/);
      await shots.take(admin, 'companion-not-running');

      await stack.startCompanion();
      await dialog(admin).locator('.retry').click();
      const tab = await openPlaid(admin);
      await linkInHostedLink(tab, GINGHAM, 'gingham', 'second-link');
      await dialog(admin).locator('.content.form').waitFor({ timeout: 20_000 });
      await keepOnly(admin, ['Plaid Checking']);
      await dialog(admin).locator('.submit').click();
      await dialog(admin).locator('.content.created').waitFor({ timeout: 20_000 });
      await dialog(admin).locator('.done').click();
      await shownDialog(admin).waitFor({ state: 'detached' });
      await rows(admin).nth(2).waitFor();
      assert.deepEqual((await card(admin).locator('.group-title').allTextContents()).sort(), [
        'First Gingham Credit Union',
        'First Platypus Bank',
      ]);
      await shots.take(admin, 'second-bank-linked');
    },
  );

  it('looks right in HA light and dark, English and German, 1280 and 390 px wide', async () => {
    const views: Array<Required<DashboardView>> = [
      { theme: 'light', lang: 'en', width: 1280 },
      { theme: 'dark', lang: 'de', width: 1280 },
      { theme: 'light', lang: 'de', width: 390 },
      { theme: 'dark', lang: 'en', width: 390 },
    ];
    for (const view of views) {
      const page = await newPage('admin', view);
      await rows(page).nth(2).waitFor();
      assert.deepEqual((await card(page).locator('.group-title').allTextContents()).sort(), [
        'First Gingham Credit Union',
        'First Platypus Bank',
      ]);
      const total = await card(page).locator('.totals').innerText();
      assert.match(total, view.lang === 'de' ? /^Summe/ : /^Total/);
      await shots.take(page, `view-${view.theme}-${view.lang}-${view.width}`);
      await page.context().close();
    }
  });

  it('after an HA restart the companion writes the sensors again and the card reconnects', async () => {
    const sensorsBefore = plaidSensors();
    const sample = sensorsBefore[0]!;
    await stack.ha.restart({ downMs: 1500 });
    for (const id of sensorsBefore) await stack.ha.waitForState(id, () => true, 20_000);
    assert.deepEqual(plaidSensors(), sensorsBefore);
    // The card's hass holds the states written after the restart, not the old ones
    // (HAWS's compressed states carry last_updated as epoch seconds: compare as times).
    const fresh = Date.parse(stack.ha.states.get(sample)!.last_updated);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const seen = await card(admin).evaluate(
        (node, id) =>
          (node as unknown as { hass?: { states: Record<string, { last_updated: string }> } }).hass?.states[id]
            ?.last_updated,
        sample,
      );
      // At or after the first write since the restart (the companion may have written again since).
      if (seen !== undefined && Date.parse(seen) >= fresh - 2) break;
      assert.ok(Date.now() < deadline, `the frontend reconnected and holds the fresh state of ${sample} (saw ${seen})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The rows follow the fresh states a render later, and a card HA created anew waits up to
    // FIRST_ANSWER_WAIT_MS for its statistics before its first render (trend-controller.ts).
    await countBecomes(rows(admin), 3, 'the card shows 3 rows');
    assert.equal(await amountOf(row(admin, 'Plaid Saving')), '$210.00');
    await shots.take(admin, 'after-ha-restart');
  });

  it('removing First Platypus Bank from the card deletes its entities and calls /item/remove', async () => {
    const item = platypus();
    const mine = plaidSensors().filter((id) => stack.ha.states.get(id)!.attributes.plaid_item_id === item.item_id);
    assert.ok(mine.length >= 2);
    const header = card(admin).locator('.group-header', { hasText: 'First Platypus Bank' });
    await header.locator('.remove').click();
    const confirm = dialog(admin).locator('.content.confirm-remove');
    await confirm.waitFor();
    await shots.take(admin, 'remove-confirm');
    await dialog(admin).locator('.confirm').click();
    await dialog(admin).locator('.content.removed').waitFor({ timeout: 20_000 });
    await shots.take(admin, 'removed');
    await dialog(admin).locator('.done').click();

    for (const id of mine) await stack.ha.waitForStateRemoved(id, 10_000);
    assert.equal(
      [...stack.ha.states.keys()].some((id) => id.startsWith('binary_sensor.plaid_first_platypus')),
      false,
    );
    await card(admin).locator('.group-title', { hasText: 'First Platypus Bank' }).waitFor({ state: 'detached' });
    await countBecomes(rows(admin), 1, 'the card shows 1 row');
    assert.equal(stack.plaid.callsFor('/item/remove', item.item_id).length, 1, 'the Plaid simulator saw /item/remove');
    await shots.take(admin, 'card-after-remove');
  });

  it(
    "in HA's card editor: Add card finds Plaid Balance with a " +
      "preview, HA's form and YAML mode edit it, the config persists",
    async () => {
      const page = admin;
      await page.locator('hui-root').getByRole('button', { name: /edit/i }).first().click();
      await page
        .getByRole('button', { name: /add card/i })
        .first()
        .click();
      await page.getByRole('tab', { name: 'By card' }).click();
      await page.locator('hui-card-picker input').first().fill('Plaid');
      const option = page.locator('hui-card-picker .card', { hasText: 'Plaid Balance' });
      await option.locator('plaid-balance-card .row').first().waitFor({ timeout: 20_000 });
      await shots.take(page, 'card-picker-preview');
      await option.click();

      // HA's own form, drawn from getConfigForm(): text, select and boolean selectors with the card's labels.
      const editor = page.locator('hui-card-element-editor');
      await editor.locator('ha-form').waitFor();
      await editor.locator('ha-selector-text input').first().fill('Money');
      await editor.locator('ha-selector-select').nth(1).click();
      await page.getByText('Account type', { exact: true }).filter({ visible: true }).click();
      await editor.locator('ha-selector-boolean').nth(1).locator('ha-switch').click();
      const preview = page.locator('hui-dialog-edit-card plaid-balance-card');
      await preview.locator('.title', { hasText: 'Money' }).first().waitFor();
      await preview.locator('.group-title', { hasText: 'Cash' }).first().waitFor();
      await editor.getByText('Leave empty to show every Plaid balance sensor.').waitFor(); // the card's helper text
      // HA's help button in the dialog's header opens the README's section on the card (documentationURL in
      // src/card/plaid-balance-card.ts).
      const help = page.locator('hui-dialog-edit-card ha-icon-button[slot="headerActionItems"][href]');
      assert.equal(await help.getAttribute('href'), 'https://github.com/plaid-balance/plaid-balance#the-card');
      await shots.take(page, 'card-editor-form');
      // Further down: the staleness warning's and the trend's fields, unset, showing what the card does without them.
      await editor.locator('ha-selector-select').last().scrollIntoViewIfNeeded();
      assert.equal(
        await editor.locator('ha-selector-text input').last().getAttribute('placeholder'),
        '6h',
        "HA's form shows stale_after's default",
      );
      await shots.take(page, 'card-editor-form-trend');

      // HA's YAML mode shows what the form wrote; a change there is the card's config too.
      await page.getByRole('button', { name: /code editor/i }).click();
      const code = editor.locator('ha-code-editor .cm-content');
      await code.waitFor();
      const yaml = await code.innerText();
      assert.match(yaml, /title: Money/);
      assert.match(yaml, /group_by: type/);
      assert.match(yaml, /privacy: true/);
      await code.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(
        'type: custom:plaid-balance-card\ntitle: Savings\ngroup_by: none\nprivacy: false\n',
      );
      await preview.locator('.title', { hasText: 'Savings' }).first().waitFor();
      await shots.take(page, 'card-editor-yaml');
      await page.locator('hui-dialog-edit-card').getByRole('button', { name: 'Save' }).click();
      const savedCards = () =>
        (stack.ha.hass.lovelace.config('lovelace') as { views: Array<{ cards: unknown[] }> }).views[0]!.cards;
      assert.ok(
        await valueBecomes(() => savedCards().length >= 2, true, 15_000),
        'Save wrote the dashboard with lovelace/config/save',
      );
      assert.deepEqual(savedCards().at(-1), {
        type: 'custom:plaid-balance-card',
        title: 'Savings',
        group_by: 'none',
        privacy: false,
      });
      await page.getByRole('button', { name: 'Done' }).click();
      await page.reload();
      const cards = page.locator('plaid-balance-card');
      await cards.nth(1).locator('.row').first().waitFor({ timeout: 30_000 });
      await cards.nth(1).locator('.title', { hasText: 'Savings' }).waitFor(); // after a reload the saved card is there
      await shots.take(page, 'dashboard-two-cards');
    },
  );

  it(
    'leak scan: no Plaid secret, access token, public token, link token or ' +
      "Hosted Link URL in HA, the companion output or the browser's websocket",
    async () => {
      await capture.settle();
      const secrets = [
        stack.plaid.secret,
        ...stack.plaid.items().map((i) => i.access_token),
        ...stack.plaid.publicTokens(),
      ];
      assert.ok(
        stack.plaid.items().length >= 2 && stack.plaid.publicTokens().length >= 2,
        'the scan has tokens to look for',
      );
      const haText = stack.ha.recordText();
      const sources = [
        { source: 'HA simulator record', text: haText },
        { source: 'companion output', text: stack.companionOutput.join('\n') },
        ...capture.all(),
      ];
      assert.deepEqual(findLeaks(secrets, sources), []);
      // Link tokens and Hosted Link URLs stay between the companion, Plaid and the Plaid tab: not in HA
      // (its recorder keeps every event), the log or the dashboard's websocket, where the URL goes sealed.
      const linkTokens = stack.plaid.linkTokens();
      const hostedLinkUrls = stack.plaid.hostedLinkUrls();
      assert.ok(
        linkTokens.length >= 2 && hostedLinkUrls.length >= 2,
        'the scan has link tokens and Hosted Link URLs to look for',
      );
      assert.ok(
        capture.urls.some((u) => hostedLinkUrls.includes(u.text)),
        'the Plaid tab opened a URL the scan looks for',
      );
      assert.deepEqual(
        findLeaks([...linkTokens, ...hostedLinkUrls], [sources[0]!, sources[1]!, ...capture.frames]),
        [],
      );

      // The scan covered real data, so it could have failed.
      assert.ok(capture.frames.length > 50, `websocket frames captured: ${capture.frames.length}`);
      assert.ok(
        capture.responses.some((r) => r.source.includes('/hl/')),
        'the Hosted Link pages were captured',
      );
      assert.ok(countHits('Plaid Checking', capture.frames) > 0, 'an account name is found in the browser frames');
      assert.ok(haText.includes('Plaid Checking'), 'an account name is found in the HA record');
      assert.ok(stack.companionOutput.length > 0);
      // HA answers http/config (the admin's pending-HTTP-settings check, caught by the frontend); nothing else may be
      // missing.
      // Known to go unanswered, each harmless here (simulators/ha/README.md says why); any other gap fails the journey.
      assert.deepEqual(
        unknownCommands(stack.ha).filter((type) => !NOT_SIMULATED.includes(type)),
        [],
        'every other command the frontend sent was answered',
      );
      assert.deepEqual(refusedCommands(stack.ha), [], 'no command the frontend sent was refused as malformed');
      const planted = [{ source: 'planted', text: `x${stack.plaid.secret}x` }];
      assert.equal(findLeaks(secrets, planted).length, 1, 'the scanner finds a planted secret');
    },
  );
});

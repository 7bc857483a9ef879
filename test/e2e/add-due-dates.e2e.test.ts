// Payment due dates added to a bank linked without them (issue #33), in Debian's
// Chromium and HA's own frontend: the admin opens the card's list of linked
// banks, chooses "Add payment due dates", goes through Plaid's update mode on the
// Plaid simulator's Hosted Link page, and the card's payment due sensor reaches
// HA as a `date` sensor. Screenshots: test-output/e2e/add-due-dates-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CARD_CONFIG, DemoStack } from '../../simulators/demo/demo-stack.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { LINK_DONE_PAGE } from '../../src/card/link-done.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import { logInToHa } from './support/ha-frontend.js';
import { BrowserCapture, findLeaks } from './support/leak-scan.js';

const PLATYPUS = 'ins_109508';
/** Sandbox's Plaid Credit Card at First Platypus Bank (mask 3333). */
const DUE_SENSOR = 'sensor.plaid_first_platypus_bank_3333_payment_due';

let stack: DemoStack;
let browser: Browser;
const capture = new BrowserCapture();
const shots = new Screenshots('add-due-dates-');

const card = (page: Page) => page.locator('plaid-balance-card');
const dialog = (page: Page) => page.locator('plaid-balance-link-dialog');

/** What HA's frontend holds of an entity: its state and device class, or null before it has it. */
function frontendEntity(page: Page, entityId: string): Promise<{ state: string; deviceClass: unknown } | null> {
  return page.evaluate((id) => {
    const hass = (
      document.querySelector('home-assistant') as unknown as {
        hass?: { states: Record<string, { state: string; attributes: Record<string, unknown> }> };
      } | null
    )?.hass;
    const entity = hass?.states[id];
    return entity ? { state: entity.state, deviceClass: entity.attributes.device_class } : null;
  }, entityId);
}

before(async () => {
  [stack, browser] = await startTogether(
    {
      // Grouped by type, the card's footer holds "Manage banks": the list of linked banks.
      start: () => DemoStack.start({ card: { ...DEFAULT_CARD_CONFIG, group_by: 'type' } }),
      stop: (s) => s.close(),
    },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  // Linked as `npm run demo -- --linked` does: no due dates asked for.
  await stack.linkBank(PLATYPUS);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

describe('adding payment due dates to a linked bank in Chromium', { timeout: 120_000 }, () => {
  it('runs Plaid’s update mode from the card’s bank list, and the due date reaches HA as a date sensor', async () => {
    assert.equal(stack.ha.states.get(DUE_SENSOR), undefined, 'linked without due dates');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    capture.attach(context);
    const page = await context.newPage();
    await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl);
    await card(page).locator('.btn.manage').click();
    const bank = dialog(page).locator('.items li', { hasText: 'First Platypus Bank' });
    await bank.locator('.add-due-dates').waitFor({ timeout: 20_000 });
    await shots.take(page, 'bank-list');
    await bank.locator('.add-due-dates').click();

    const openPlaid = dialog(page).locator('.open-plaid');
    await openPlaid.waitFor({ timeout: 20_000 });
    assert.equal(await dialog(page).locator('h2').innerText(), 'Payment due dates for First Platypus Bank');
    assert.equal(await dialog(page).locator('.due-dates').count(), 0, 'the link checkbox is for new links only');
    const [tab] = await Promise.all([context.waitForEvent('page'), openPlaid.click()]);
    // Update mode: the bank is known, so Hosted Link asks only for the login.
    await tab.waitForSelector('body[data-step=credentials]');
    await tab.fill('#username', 'user_good');
    await tab.fill('#password', 'pass_good');
    await tab.click('[data-testid=submit-credentials]');
    await tab.waitForURL((url) => url.pathname.endsWith(`/${LINK_DONE_PAGE}`));
    await tab.close();

    await dialog(page).locator('.due-dates-added').waitFor({ timeout: 20_000 });
    assert.match(await dialog(page).locator('.content').innerText(), /Plaid now shares the payment due dates/);
    await shots.take(page, 'added');
    await dialog(page).locator('.done').click();

    const due = await stack.ha.waitForState(DUE_SENSOR, () => true, 20_000);
    assert.match(due.state, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(due.attributes.device_class, 'date');
    for (const deadline = Date.now() + 20_000; !(await frontendEntity(page, DUE_SENSOR));) {
      assert.ok(Date.now() < deadline, "HA's frontend receives the due sensor");
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(await frontendEntity(page, DUE_SENSOR), { state: due.state, deviceClass: 'date' });

    // The list no longer offers them for this bank.
    await card(page).locator('.btn.manage').click();
    await dialog(page).locator('.items li', { hasText: 'First Platypus Bank' }).waitFor();
    assert.equal(await dialog(page).locator('.add-due-dates').count(), 0);
    await context.close();
  });

  it('showed no Plaid secret, link token or Hosted Link URL to HA or the dashboard', async () => {
    await capture.settle();
    const tokens = [stack.plaid.secret, ...stack.plaid.linkTokens()];
    const sources = [{ source: 'HA simulator record', text: stack.ha.recordText() }, ...capture.frames];
    assert.ok(capture.frames.length > 0);
    assert.deepEqual(findLeaks([...tokens, ...stack.plaid.hostedLinkUrls()], sources), []);
  });
});

// What a user sets in HA's entity and device settings, in Home Assistant's
// real frontend with the MQTT transport: HA keeps it in its registries and
// hands it to the frontend (`hass.entities`, `hass.devices`), and the card
// follows it as HA's own cards do — a sensor's display precision, the user's
// name for an account's sensor and for a bank's device. Screenshots:
// test-output/e2e/precision-01-*.png, names-01-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'home-assistant-js-websocket';
import type { Browser, Locator, Page } from 'playwright-core';
import { balanceEntityId } from '../../src/companion/entities/sensor-states.js';
import type { StoredItem } from '../../src/companion/store/token-store.js';
import { connectHaws } from '../../simulators/ha/haws-node-socket.js';
import type { DemoStack } from '../../simulators/demo/demo-stack.js';
import { Screenshots, valueBecomes } from './support/chromium-browser.js';
import { logInToHa } from './support/ha-frontend.js';
import { startLinkedMqttStack, type LinkedMqttStack } from './support/linked-mqtt-stack.js';

let linked: LinkedMqttStack;
let stack: DemoStack;
let browser: Browser;
let item: StoredItem;
const shots = new Screenshots('precision-');
const nameShots = new Screenshots('names-');

before(async () => {
  linked = await startLinkedMqttStack();
  ({ stack, browser, item } = linked);
});

after(async () => {
  await linked?.close();
});

/**
 * The dashboard as the admin sees it, once the card shows its rows, and a websocket of the admin's to change HA's
 * settings with.
 */
async function onDashboard(
  run: (view: { page: Page; card: Locator; admin: Connection }) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 560, height: 700 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const admin = await connectHaws(stack.ha.url, stack.ha.adminToken);
  try {
    const page = await context.newPage();
    await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl);
    const card = page.locator('plaid-balance-card');
    await card.locator('.row').first().waitFor({ timeout: 30_000 });
    await run({ page, card, admin });
  } finally {
    admin.close();
    await context.close();
  }
}

describe("the card and HA's display precision", { timeout: 120_000 }, () => {
  it('shows whole amounts once the user sets the sensors to no decimals, without a reload', async () => {
    const sensors = item.accounts.map((a) => balanceEntityId(item, a, 'current'));
    await Promise.all(sensors.map((id) => stack.ha.waitForState(id, (s) => s.attributes.plaid_balance === 1, 20_000)));
    await onDashboard(async ({ page, card, admin }) => {
      const before = await card.locator('.row .amount').allInnerTexts();
      assert.ok(
        before.every((t) => /\.\d\d$/.test(t)),
        `the companion suggests the currency's 2 decimals: ${before.join(', ')}`,
      );

      // What HA's entity settings dialog sends when the user picks a precision.
      for (const id of sensors) {
        const entry = await admin.sendMessagePromise<{ options: Record<string, unknown> }>({
          type: 'config/entity_registry/get',
          entity_id: id,
        });
        await admin.sendMessagePromise({
          type: 'config/entity_registry/update',
          entity_id: id,
          options_domain: 'sensor',
          options: { ...(entry.options.sensor as object), display_precision: 0 },
        });
      }
      const whole = (texts: string[]) =>
        texts.length === item.accounts.length && texts.every((t) => /^-?\$[\d,]+$/.test(t));
      const amounts = card.locator('.row .amount');
      assert.ok(
        await valueBecomes(async () => whole(await amounts.allInnerTexts()), true, 20_000),
        (await amounts.allInnerTexts()).join(', '),
      );
      assert.match(
        await card.locator('.totals .sum').innerText(),
        /^-?\$[\d,]+$/,
        'the total of accounts that all show whole amounts',
      );
      await shots.take(page, 'whole-amounts');
    });
  });
});

describe("the card and the names a user gives in HA's settings", { timeout: 120_000 }, () => {
  it("shows a renamed account's and a renamed bank's names, without a reload", async () => {
    const [first, second] = item.accounts;
    assert.ok(first && second, 'the sandbox item has two accounts, so a rename of one can be told from both');
    const sensor = balanceEntityId(item, first, 'current');
    await stack.ha.waitForState(sensor, (s) => s.attributes.plaid_balance === 1, 20_000);
    await onDashboard(async ({ page, card, admin }) => {
      const names = card.locator('.row .account');
      const before = await names.allInnerTexts();
      assert.ok(before.includes(first.name) && before.includes(second.name), before.join(', '));
      const header = card.locator('.group-title');
      assert.equal(await header.innerText(), item.institution_name.toUpperCase());

      // What HA's entity settings dialog and device page send when the user renames.
      const entry = await admin.sendMessagePromise<{ device_id: string }>({
        type: 'config/entity_registry/get',
        entity_id: sensor,
      });
      await admin.sendMessagePromise({
        type: 'config/entity_registry/update',
        entity_id: sensor,
        name: 'Joint account',
      });
      await admin.sendMessagePromise({
        type: 'config/device_registry/update',
        device_id: entry.device_id,
        name_by_user: 'Our bank',
      });
      const shown = () => names.allInnerTexts();
      const renamed = (texts: string[]) =>
        texts.includes('Joint account') && texts.includes(second.name) && !texts.includes(first.name);
      assert.ok(await valueBecomes(async () => renamed(await shown()), true, 20_000), (await shown()).join(', '));
      assert.ok(
        await valueBecomes(async () => (await header.innerText()) === 'OUR BANK', true, 20_000),
        await header.innerText(),
      );
      await nameShots.take(page, 'renamed');

      // Clearing the name gives Plaid's back, as HA's own cards go back to the integration's.
      await admin.sendMessagePromise({ type: 'config/entity_registry/update', entity_id: sensor, name: null });
      assert.ok(
        await valueBecomes(async () => (await shown()).includes(first.name), true, 20_000),
        (await shown()).join(', '),
      );
    });
  });
});

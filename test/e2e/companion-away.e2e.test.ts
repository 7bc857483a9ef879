// A dashboard opened while the companion is away, in Home Assistant's real
// frontend: with the MQTT transport HA shows the companion's sensors as
// unavailable, without their attributes, once the broker sends its last
// will (an add-on update, a crash). The card says the companion is away
// instead of "no bank linked", and shows the balances once the companion is
// back, without a reload; also when the user renamed the companion's sensors.
// Screenshots: test-output/e2e/away-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { balanceEntityId } from '../../src/companion/entities/sensor-states.js';
import type { StoredItem } from '../../src/companion/store/token-store.js';
import type { DemoStack } from '../../simulators/demo/demo-stack.js';
import { Screenshots } from './support/chromium-browser.js';
import { logInToHa } from './support/ha-frontend.js';
import { startLinkedMqttStack, type LinkedMqttStack } from './support/linked-mqtt-stack.js';

let linked: LinkedMqttStack;
let stack: DemoStack;
let browser: Browser;
let item: StoredItem;
const shots = new Screenshots('away-');

before(async () => {
  linked = await startLinkedMqttStack();
  ({ stack, browser, item } = linked);
});

after(async () => {
  await linked?.close();
});

/**
 * Kills the companion once `balance` is written, opens a dashboard while HA
 * shows its sensors unavailable, waits for the card's notice (screenshot
 * `shot`), starts the companion again and waits for the first row; then
 * `check` looks at the card.
 */
async function awayAndBack(balance: string, shot: string, check: (card: Locator) => Promise<void>): Promise<void> {
  await stack.ha.waitForState(balance, (s) => s.attributes.plaid_balance === 1, 20_000);
  await stack.killCompanion();
  // The broker's last will, 1.5 keepalives after the companion's last packet.
  await stack.ha.waitForState(balance, (s) => s.state === 'unavailable', 30_000);
  assert.equal(
    stack.ha.states.get(balance)?.attributes.plaid_balance,
    undefined,
    'HA drops the attributes of an unavailable entity',
  );

  const context = await browser.newContext({
    viewport: { width: 560, height: 700 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  try {
    const page = await context.newPage();
    await logInToHa(page, stack.ha, 'admin', stack.dashboardUrl);
    const card = page.locator('plaid-balance-card');
    await card
      .locator('.empty[role=status]', { hasText: 'the Plaid Balance companion is not running' })
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await card.getByRole('button', { name: 'Link a bank' }).count(),
      0,
      'no Link button while linking cannot work',
    );
    await shots.take(page, `card-${shot}-away`);

    await stack.startCompanion();
    await card.locator('.row').first().waitFor({ timeout: 30_000 });
    assert.equal(await card.locator('.row').count(), item.accounts.length, 'every account, with no reload');
    assert.equal(await card.locator('.empty').count(), 0);
    await check(card);
    await shots.take(page, `card-${shot}-back`);
  } finally {
    await context.close();
  }
}

describe('the card while the companion is away', { timeout: 120_000 }, () => {
  it('says so on a dashboard opened meanwhile, and shows the balances when the companion is back', async () => {
    await awayAndBack(balanceEntityId(item, item.accounts[0]!, 'current'), 'companion', async (card) => {
      // HA keeps `available` out of MQTT attributes; that is no reason to call the rows unreadable.
      await card.locator('.row .secondary', { hasText: 'available' }).first().waitFor();
      assert.equal(
        await card.locator('.row .badge').count(),
        0,
        await card
          .locator('.row')
          .allInnerTexts()
          .then((t) => t.join(' | ')),
      );
    });
  });

  it(
    "says so too when the user renamed the companion's sensors, " + "known by their device in HA's registries",
    async () => {
      // Every money sensor of the companion's, totals too: none keeps a `sensor.plaid_…` id to be recognised by.
      const registry = stack.ha.hass.entityRegistry;
      const money = registry
        .all()
        .filter(
          (e) =>
            e.entityId.startsWith('sensor.plaid_') &&
            stack.ha.states.get(e.entityId)?.attributes.device_class === 'monetary',
        );
      assert.ok(money.length > item.accounts.length, money.map((e) => e.entityId).join(', '));
      for (const e of money)
        registry.update(e.entityId, { newEntityId: e.entityId.replace('sensor.plaid_', 'sensor.household_') });
      const renamed = balanceEntityId(item, item.accounts[0]!, 'current').replace('sensor.plaid_', 'sensor.household_');
      await awayAndBack(renamed, 'renamed', async (card) => {
        assert.equal(
          await card.locator('.row[data-entity-id^="sensor.household_"]').count(),
          item.accounts.length,
          'the rows are the renamed sensors',
        );
      });
    },
  );
});

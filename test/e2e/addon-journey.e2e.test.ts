// A Home Assistant OS user's first link, in Debian's Chromium: the add-on
// runs from its real start script under the Supervisor simulator (which
// proxies to the HA simulator as the Supervisor's admin user), the card runs
// on a dashboard in Home Assistant's real frontend (served by the HA
// simulator, reached through HA's login page), and the user links a bank from
// the card as on HA OS.
// Screenshots: test-output/e2e/addon-NN-*.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { REQUEST_EVENT } from '../../src/protocol/index.js';
import { LINK_DONE_PAGE } from '../../src/card/link-done.js';
import { cardFiles, DASHBOARD_PATH, putCardOnDashboard } from '../../simulators/demo/card-dashboard.js';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import { attachStatistics } from '../../simulators/ha/statistics.js';
import { startPlaidSim, type PlaidSim } from '../../simulators/plaid/plaid-server.js';
import { SupervisorSim } from '../../simulators/supervisor/supervisor-server.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import { logInToHa, NOT_SIMULATED, refusedCommands, unknownCommands } from './support/ha-frontend.js';

const ADDON_DIR = fileURLToPath(new URL('../../plaid-balance-companion/', import.meta.url));

let plaid: PlaidSim;
let ha: HaSim;
let supervisor: SupervisorSim;
let browser: Browser;
const shots = new Screenshots('addon-');

before(async () => {
  [plaid, ha, browser] = await Promise.all([
    startPlaidSim(),
    startHaSim({ frontend: { local: cardFiles() } }),
    launchBrowser(),
  ]);
  attachStatistics(ha); // HA OS runs the recorder: the card's trends ask it
  putCardOnDashboard(ha, [{ title: 'Home', path: 'home', cards: [{ type: 'custom:plaid-balance-card' }] }]);
  const haToken = randomBytes(32).toString('hex');
  ha.addUser({ name: 'Supervisor', systemGenerated: true, admin: true, token: haToken });
  supervisor = await SupervisorSim.start({ addonDir: ADDON_DIR, haUrl: ha.url, haToken });
  // What the user types into the add-on's Configuration tab (plaid_base_url: the simulator stands in for Plaid).
  supervisor.userOptions = { plaid_client_id: plaid.clientId, plaid_secret: plaid.secret, plaid_base_url: plaid.url };
  await supervisor.startAddon();
  await ha.waitForSubscription(REQUEST_EVENT, 20_000);
});

after(async () => {
  await browser?.close();
  await supervisor?.close();
  await ha?.close();
  await plaid?.close();
});

describe('add-on journey in Chromium', { timeout: 180_000 }, () => {
  it('an admin links a bank from the card and sees its balances, with the companion running as an add-on', async () => {
    const context = await browser.newContext({
      viewport: { width: 560, height: 860 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    try {
      const page: Page = await context.newPage();
      await logInToHa(page, ha, 'admin', `${ha.url}${DASHBOARD_PATH}`);
      const card = page.locator('plaid-balance-card');
      const dialog = page.locator('plaid-balance-link-dialog');
      await card.locator('.empty').getByRole('button', { name: 'Link a bank' }).click();
      const openPlaid = dialog.locator('.open-plaid');
      await openPlaid.waitFor();
      const [tab] = await Promise.all([context.waitForEvent('page'), openPlaid.click()]);
      await tab.waitForSelector('body[data-step=select_institution]');
      await tab.fill('[data-testid=institution-search]', 'platypus');
      await tab.click('[data-testid=institution-ins_109508]');
      await tab.waitForSelector('body[data-step=credentials]');
      await tab.fill('#username', 'user_good');
      await tab.fill('#password', 'pass_good');
      await tab.click('[data-testid=submit-credentials]');
      await tab.waitForSelector('body[data-step=accounts]');
      await tab.click('[data-testid=continue]');
      await tab.waitForURL((url) => url.pathname.endsWith(`/${LINK_DONE_PAGE}`));
      await tab.close();

      await dialog.locator('.content.form').waitFor({ timeout: 20_000 });
      await dialog.locator('.submit').click();
      await dialog.locator('.content.created').waitFor({ timeout: 20_000 });
      await dialog.locator('.done').click();
      const checking = card.locator('.row').filter({ has: page.locator('.account', { hasText: 'Plaid Checking' }) });
      await checking.locator('.amount', { hasText: '$110.00' }).waitFor({ timeout: 20_000 });
      await shots.take(page, 'card-linked-through-addon');
      assert.equal(await supervisor.healthcheck(), 0);
      assert.ok(!supervisor.log.join('\n').includes(plaid.secret), 'the Plaid secret is not in the add-on log');
      assert.deepEqual(
        unknownCommands(ha).filter((type) => !NOT_SIMULATED.includes(type)),
        [],
        'every command the frontend sent was answered',
      );
      assert.deepEqual(refusedCommands(ha), [], 'none was refused as malformed');
    } finally {
      await context.close();
    }
  });
});

// HA's own login page, served by the HA simulator, as someone opening the
// demo sees it: the form of the `homeassistant` auth provider's login flow,
// each field labelled from the page's translations (ha-auth-flow looks the
// labels up by the flow's handler, step and field names).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';

let ha: HaSim;
let browser: Browser;
const shots = new Screenshots('login-');

before(async () => {
  [ha, browser] = await startTogether(
    { start: () => startHaSim({ frontend: {} }), stop: (s) => s.close() },
    { start: launchBrowser, stop: (b) => b.close() },
  );
});

after(async () => {
  await browser?.close();
  await ha?.close();
});

for (const { locale, username, password } of [
  { locale: 'en-US', username: 'Username', password: 'Password' },
  { locale: 'de-DE', username: 'Benutzername', password: 'Passwort' },
]) {
  it(`labels the username and password fields (${locale})`, async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      await page.goto(`${ha.url}/`);
      const user = page.locator('ha-authorize input[name=username]');
      const secret = page.locator('ha-authorize input[name=password]');
      await secret.waitFor({ timeout: 15_000 });
      // ha-auth-form's fields (ha-input) draw their label from the flow's field names and the page's strings.
      const fields = page.locator('ha-authorize ha-input');
      const labels = await fields.evaluateAll((els) => els.map((e) => (e as HTMLElement & { label?: string }).label));
      assert.deepEqual(labels, [username, password]);
      for (const label of labels) await page.locator('ha-authorize').getByText(label!, { exact: true }).waitFor();
      await shots.take(page, locale);

      await user.fill(ha.adminUser.username!);
      await secret.fill(ha.adminUser.password!);
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => !u.pathname.startsWith('/auth/'));
    } finally {
      await context.close();
    }
  });
}

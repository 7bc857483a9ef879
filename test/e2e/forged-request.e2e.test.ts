// Defence in depth: an HA that wrongly lets non-admins fire events (simulated
// with fireEventRequiresAdmin: false) still cannot be used by a non-admin to
// drive the companion, because the companion checks context.user_id itself.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { REQUEST_EVENT, RESPONSE_EVENT } from '../../src/protocol/index.js';
import { createLinkKeyPair } from '../../src/protocol/sealed-link.js';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { launchBrowser, Screenshots } from './support/chromium-browser.js';
import { startTogether } from '../../simulators/demo/undo-on-failure.js';
import { BrowserCapture, findLeaks } from './support/leak-scan.js';
import { logInToHa } from './support/ha-frontend.js';

let stack: DemoStack;
let browser: Browser;
const capture = new BrowserCapture();
const shots = new Screenshots('forged-');

before(async () => {
  [stack, browser] = await startTogether(
    { start: () => DemoStack.start({ fireEventRequiresAdmin: false }), stop: (s) => s.close() },
    { start: launchBrowser, stop: (b) => b.close() },
  );
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

it('the companion refuses a non-admin request that a misconfigured HA let through', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  capture.attach(context);
  const page = await context.newPage();
  await logInToHa(page, stack.ha, 'user', stack.dashboardUrl);
  await page.locator('plaid-balance-card .empty').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('plaid-balance-card button').count(), 0, 'a non-admin gets no controls');
  await shots.take(page, 'non-admin-empty-card');

  const answered = stack.ha.waitForEvent(RESPONSE_EVENT, (e) => (e.data as { id?: unknown }).id === 'forged-2', 10_000);
  const fired = await page.locator('plaid-balance-card').evaluate(
    async (node, [eventType, linkKey]) => {
      const el = node as unknown as { hass: { callWS: (m: Record<string, unknown>) => Promise<unknown> } };
      try {
        await el.hass.callWS({
          type: 'fire_event',
          event_type: eventType,
          event_data: { v: 1, id: 'forged-2', action: 'flow/start', mode: 'link', link_key: linkKey },
        });
        return 'fired';
      } catch (err) {
        return `refused: ${JSON.stringify(err)}`;
      }
    },
    [REQUEST_EVENT, createLinkKeyPair().publicKey] as const,
  );
  assert.equal(fired, 'fired', 'this HA lets the non-admin fire the event');

  const response = (await answered).data as { ok: boolean; error?: { code: string } };
  assert.equal(response.ok, false);
  assert.equal(response.error?.code, 'unauthorized');
  assert.equal(stack.plaid.callsFor('/link/token/create').length, 0, 'no Link token was created for the non-admin');
  await context.close();
  await capture.settle();
  assert.deepEqual(
    findLeaks([stack.plaid.secret], [{ source: 'HA record', text: stack.ha.recordText() }, ...capture.all()]),
    [],
  );
});

/**
 * The demo stack with the MQTT transport (real Mosquitto), HA's real
 * frontend and Chromium, and one sandbox bank with two accounts already in
 * the companion's store, as a user has it after linking: for journeys that
 * start from a linked home rather than from the link dialog.
 */
import type { Browser } from 'playwright-core';
import { TokenStore, type StoredItem } from '../../../src/companion/store/token-store.js';
import { linkSandboxItems } from '../../reliability/support/plaid-items.js';
import { DemoStack } from '../../../simulators/demo/demo-stack.js';
import { startTogether } from '../../../simulators/demo/undo-on-failure.js';
import { launchBrowser } from './chromium-browser.js';

export interface LinkedMqttStack {
  stack: DemoStack;
  browser: Browser;
  item: StoredItem;
  close(): Promise<void>;
}

export async function startLinkedMqttStack(): Promise<LinkedMqttStack> {
  const [stack, browser] = await startTogether(
    { start: () => DemoStack.start({ mqtt: true }), stop: (s) => s.close() },
    { start: launchBrowser, stop: (b) => b.close() },
  );
  await stack.stopCompanion();
  const [item] = (await linkSandboxItems(stack.plaid, 1, 2)) as [StoredItem];
  const store = await TokenStore.open(stack.dataDir);
  await store.put(item);
  await store.close();
  await stack.startCompanion();
  return {
    stack,
    browser,
    item,
    close: async () => {
      await browser.close();
      await stack.close();
    },
  };
}

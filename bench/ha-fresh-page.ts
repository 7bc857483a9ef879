import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession, Page } from 'playwright-core';
import type { ViewTiming } from './page/ha-view-timing.js';

export interface FreshOpening {
  /** The start view's address: the page is loaded there. */
  startUrl: string;
  /** The timing script (bench/page/ha-view-timing.ts), added again to every loaded page. */
  script: string;
  path: string;
  tags: string[];
  /** Chromium's CPU throttling while the view opens; the page loads at full speed. */
  rate: number;
}

/**
 * A view's first opening in a freshly loaded page, as after a reload or in a
 * new tab: nothing is left from an earlier opening, neither the card's kept
 * statistics answers (in the page's memory only) nor HA's created cards.
 */
export async function openInFreshPage(page: Page, cdp: CDPSession, o: FreshOpening): Promise<ViewTiming> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.goto(o.startUrl);
  await page.addScriptTag({ content: o.script });
  await page.waitForFunction(() => window.benchViews.ready(), null, { timeout: 60_000 });
  // Let the load's own requests and work settle before the clock starts, as in the other rounds.
  await sleep(1500);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: o.rate });
  return page.evaluate(({ path, tags }) => window.benchViews.openView(path, tags), { path: o.path, tags: o.tags });
}

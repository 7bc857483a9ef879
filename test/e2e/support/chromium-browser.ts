// One Debian Chromium for the whole e2e suite, and numbered screenshots.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

export const SHOTS_DIR = resolve(import.meta.dirname, '../../../test-output/e2e');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Reads `read` every 100 ms until it gives `wanted` (compared with ===) or
 * `timeoutMs` passes, and returns what it gave last, for the caller's
 * assertion: for what HA's frontend settles on a moment after it first shows.
 */
export async function valueBecomes<T>(read: () => T | Promise<T>, wanted: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let seen = await read();
  while (seen !== wanted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await read();
  }
  return seen;
}

/**
 * Until `locator` matches `n` elements, then asserts it does. For counts that
 * pass through other values on the way: HA may create a card anew (after a
 * reconnect), and a card holds its first render up to 150 ms for the trends,
 * so a count right after one element appeared can land in such a gap.
 */
export async function countBecomes(locator: Locator, n: number, what: string, timeoutMs = 10_000): Promise<void> {
  assert.equal(await valueBecomes(() => locator.count(), n, timeoutMs), n, what);
}

/** Saves `test-output/e2e/NN-<step>.png`; numbering follows the order of the calls. */
export class Screenshots {
  private n = 0;

  /** Clears this prefix's screenshots of an earlier run, so the folder shows one run. */
  constructor(private readonly prefix = '') {
    mkdirSync(SHOTS_DIR, { recursive: true });
    const earlier = new RegExp(`^${prefix.replace(/[^a-z0-9-]/gi, '')}\\d{2}-.*\\.png$`);
    for (const f of readdirSync(SHOTS_DIR)) if (earlier.test(f)) rmSync(resolve(SHOTS_DIR, f));
  }

  async take(page: Page, step: string): Promise<string> {
    this.n += 1;
    const path = resolve(SHOTS_DIR, `${this.prefix}${String(this.n).padStart(2, '0')}-${step}.png`);
    // HA's switches and ripples animate: a shot finishes them first, so it shows where a click left things.
    await page.screenshot({ path, animations: 'disabled' });
    return path;
  }
}

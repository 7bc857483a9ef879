// HA's own theme race, worked around the way a user's browser gets out of it.
import type { Locator, Page } from 'playwright-core';
import { valueBecomes } from './chromium-browser.js';

/** `hass.themes.darkMode` as the element holding `hass` (a card) sees it; null while HA has not set it. */
export function darkModeFlag(holder: Locator): () => Promise<boolean | null> {
  return () =>
    holder.evaluate(
      (el) => (el as unknown as { hass: { themes: { darkMode?: boolean } } }).hass.themes.darkMode ?? null,
    );
}

/**
 * Waits until HA's dark-mode flag follows the page's colour scheme, and returns whether it does. HA's app.js
 * `_applyTheme` returns while `hass.config` is missing and nothing calls it again when the config comes, so the
 * flag may stay unset (seen in full runs, never alone); a colour-scheme change is HA's own way back. The flip
 * must reach HA before the flip back: two changes within one of Chromium's media-query evaluations cancel out
 * and fire no change event.
 */
export async function settleHaTheme(
  page: Page,
  theme: 'light' | 'dark',
  flag: () => Promise<boolean | null>,
): Promise<boolean> {
  const dark = async () => (await flag()) === true;
  if ((await valueBecomes(dark, theme === 'dark')) === (theme === 'dark')) return true;
  await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
  await valueBecomes(flag, theme !== 'dark');
  await page.emulateMedia({ colorScheme: theme });
  return (await valueBecomes(dark, theme === 'dark')) === (theme === 'dark');
}

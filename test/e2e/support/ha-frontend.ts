// Logging in to Home Assistant's own frontend (served by the HA simulator) the
// way a user does: the dashboard URL sends a browser without tokens to HA's
// login page; "Keep me logged in" stores the tokens, so a reload or a second
// tab (the Hosted Link completion) stays logged in.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { HaSim } from '../../../simulators/ha/ha-server.js';

/** `keepLoggedIn: false` leaves HA's "Keep me logged in" unticked: the tokens then live only in that tab. */
export async function logInToHa(
  page: Page,
  ha: HaSim,
  who: 'admin' | 'user',
  url: string,
  { keepLoggedIn = true } = {},
): Promise<void> {
  const user = who === 'admin' ? ha.adminUser : ha.normalUser;
  await page.goto(url);
  const inputs = page.locator('ha-authorize input');
  await inputs.nth(1).waitFor();
  await inputs.nth(0).fill(user.username!);
  await inputs.nth(1).fill(user.password!);
  if (keepLoggedIn) await page.locator('ha-authorize ha-checkbox, ha-authorize input[type=checkbox]').first().click();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/auth/'));
}

/** Websocket commands the frontend sent that the simulator does not know (it answered unknown_command). */
export function unknownCommands(ha: HaSim): string[] {
  return [...new Set(ha.record.flatMap((e) => (e.kind === 'unknown-command' ? [e.type] : [])))].sort();
}

/**
 * Commands HA answers that the simulator does not, and why the journeys do not
 * need them (the list and reasons are in simulators/ha/README.md).
 */
export const NOT_SIMULATED: readonly string[] = ['http/config', 'render_template', 'energy/get_prefs'];

/**
 * Logs in once in a context of its own and hands back only HA's tokens
 * (`hassTokens` in localStorage, which "Keep me logged in" writes), so later
 * contexts start logged in without the login page and without the first
 * context's language or theme choices.
 */
export async function loggedInStorage(
  browser: Browser,
  ha: HaSim,
  who: 'admin' | 'user',
  url: string,
): Promise<StorageState> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logInToHa(page, ha, who, url);
    return await haTokensOf(page);
  } finally {
    await context.close();
  }
}

/** The tokens a logged-in page's context holds, as a `storageState` for new contexts. */
export async function haTokensOf(page: Page): Promise<StorageState> {
  await page.waitForFunction(() => localStorage.getItem('hassTokens') !== null);
  const state = await page.context().storageState();
  return {
    cookies: [],
    origins: state.origins.map((o) => ({
      origin: o.origin,
      localStorage: o.localStorage.filter((i) => i.name === 'hassTokens'),
    })),
  };
}

export type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

/**
 * Commands the simulator refused as malformed (`invalid_format`), by type:
 * HA accepts what its own frontend sends, so each is a gap in the simulator's
 * schemas (as `frontend/get_icons` of `triggers` was).
 */
export function refusedCommands(ha: HaSim): string[] {
  const frames = (text: string): Array<Record<string, unknown>> => {
    try {
      const parsed: unknown = JSON.parse(text);
      return (Array.isArray(parsed) ? parsed : [parsed]).filter(
        (m): m is Record<string, unknown> => typeof m === 'object' && m !== null,
      );
    } catch {
      return [];
    }
  };
  const sent = new Map<string, string>();
  const refused = new Set<string>();
  for (const e of ha.record) {
    if (e.kind === 'ws-in')
      for (const m of frames(e.text)) sent.set(`${e.connection}:${String(m['id'])}`, String(m['type']));
    if (e.kind === 'ws-out') {
      for (const m of frames(e.text)) {
        const error = m['error'] as { code?: string } | undefined;
        if (m['type'] === 'result' && error?.code === 'invalid_format')
          refused.add(sent.get(`${e.connection}:${String(m['id'])}`) ?? '?');
      }
    }
  }
  return [...refused].sort();
}

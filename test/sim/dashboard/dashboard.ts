// A plain page with a hand-made `hass`, kept for the two suites that need a page
// without HA's login: the trends screenshots (test/e2e/trends.e2e.test.ts) and the
// add-on journey (test/e2e/addon-journey.e2e.test.ts). Every other journey runs
// in HA's real frontend (test/sim/demo-stack.ts).
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { HaSim } from '../ha/server.js';
import { dashboardHtml } from './dashboard-page.js';
import type { DashboardSettings } from './page/dashboard-hass.js';

export const DEFAULT_CARD_BUNDLE = fileURLToPath(new URL('../../../dist/plaid-balance-card.js', import.meta.url));
const PAGE_SCRIPT = fileURLToPath(new URL('./page/dashboard-hass.ts', import.meta.url));

/** How the dashboard is looked at: HA's theme and the user's language. */
export interface DashboardView {
  theme?: 'light' | 'dark';
  lang?: string;
}

export type DashboardUrl = (user?: 'admin' | 'user', view?: DashboardView) => string;

export interface DashboardOptions {
  /** The card's entry, served at /local/plaid-balance-card.js with the chunks beside it, as HA serves `www/`. */
  cardBundle?: string;
  card?: Record<string, unknown>;
}

async function bundlePageScript(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_SCRIPT],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Serves `/dashboard?user=admin|user&theme=light|dark&lang=en` from the HA
 * simulator: a page that loads the built card and gives it a `hass` object
 * built on home-assistant-js-websocket. The page authenticates with the chosen
 * user's HA token, as the real frontend holds its own access token.
 */
export function mountDashboard(sim: HaSim, options: DashboardOptions = {}): { url: DashboardUrl } {
  const cardBundle = options.cardBundle ?? DEFAULT_CARD_BUNDLE;
  const card = options.card ?? { type: 'custom:plaid-balance-card', total: true };
  let pageScript: Promise<string> | undefined;

  // The entry and its chunks beside it, as HA serves `www/`.
  sim.route('GET', '/local/', async (req, res) => {
    const name = basename(new URL(req.url ?? '/', sim.url).pathname);
    const body = name.endsWith('.js') ? await readFile(join(dirname(cardBundle), name)).catch(() => null) : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(body);
  });
  sim.route('GET', '/dashboard/dashboard-hass.js', async (_req, res) => {
    pageScript ??= bundlePageScript();
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(await pageScript);
  });
  sim.route('GET', '/dashboard', (req, res) => {
    const query = new URL(req.url ?? '/', sim.url).searchParams;
    const asAdmin = query.get('user') !== 'user';
    const settings: DashboardSettings = {
      token: asAdmin ? sim.adminToken : sim.userToken,
      theme: query.get('theme') === 'dark' ? 'dark' : 'light',
      language: query.get('lang') ?? 'en',
      card,
    };
    const user = asAdmin ? sim.adminUser : sim.normalUser;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(dashboardHtml(settings, user.name));
  });
  return {
    url: (user = 'admin', view = {}) => {
      const query = new URLSearchParams({
        ...(user === 'user' ? { user } : {}),
        ...(view.theme ? { theme: view.theme } : {}),
        ...(view.lang ? { lang: view.lang } : {}),
      }).toString();
      return `${sim.url}/dashboard${query ? `?${query}` : ''}`;
    },
  };
}

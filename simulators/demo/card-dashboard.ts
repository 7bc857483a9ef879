/**
 * What a user does once in HA to use the card, done on the HA simulator: the
 * built card (every file of dist/, as HA serves `<config>/www/` at /local/),
 * a Lovelace resource for it, a storage-mode dashboard holding it, and that
 * dashboard as the default panel.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HaSim } from '../ha/ha-server.js';
import type { JsonObject } from '../ha/schema.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const CARD_RESOURCE = '/local/plaid-balance-card.js';
/** The first view of the storage-mode dashboard (the `lovelace` dashboard item). */
export const DASHBOARD_PATH = '/lovelace/0';

/** The repository's folder under `/hacsfiles/`: HACS names it after the repository. */
export const HACS_REPOSITORY = 'plaid-balance';
/** The resource HACS adds for the card: its entry under `/hacsfiles/`, versioned by `?hacstag=`. */
export const HACS_CARD_RESOURCE = `/hacsfiles/${HACS_REPOSITORY}/plaid-balance-card.js?hacstag=1`;

/** `startHaSim({frontend: {local: cardFiles()}})`: every file of dist/ (bundle, chunks, done page), by name. */
export function cardFiles(): Record<string, string> {
  return Object.fromEntries(readdirSync(DIST).map((f) => [f, join(DIST, f)]));
}

/** `startHaSim({frontend: {hacsfiles: hacsCardFiles()}})`: dist/ as HACS installs it, under the repository's folder. */
export function hacsCardFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(cardFiles()).map(([name, path]) => [`${HACS_REPOSITORY}/${name}`, path]));
}

export interface DashboardView {
  title: string;
  path: string;
  cards: Record<string, unknown>[];
}

/** The resource, the dashboard (views in this order; the first is DASHBOARD_PATH) and the default panel. */
export function putCardOnDashboard(ha: HaSim, views: DashboardView[], resource = CARD_RESOURCE): void {
  ha.hass.lovelace.addResource(resource);
  ha.hass.lovelace.save('lovelace', { views: views as unknown as JsonObject[] });
  ha.hass.frontendStore.setSystemData('core', { default_panel: 'lovelace' });
}

import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { accountMonthSensorId, recentTransactionsSensorId } from '../protocol/index.js';
import type { Account } from './accounts.js';
import { CHECK_INTERVAL_MS, SMALL_HOUSE } from './account-discovery.js';

/** An account's spending-this-month and recent-transactions sensors, by their ids in HA. */
export interface MoneySensorIds {
  spending: string | null;
  recent: string | null;
}
type Part = keyof MoneySensorIds;

function partOf(entity: HassEntity | undefined): Part | null {
  const a = entity?.attributes;
  if (a?.plaid_balance_recent === 1) return 'recent';
  return a?.plaid_balance_month === 1 && a.measure === 'spending' ? 'spending' : null;
}

function isPart(entity: HassEntity | undefined, part: Part, accountId: string): boolean {
  return partOf(entity) === part && entity?.attributes.plaid_account_id === accountId;
}

/**
 * Users rename entity ids in HA, so the sensors are known by their marker and
 * `plaid_account_id`; the protocol's default ids are only the first guess.
 * Reading every entity's attributes on every `hass` update would cost ~0.5 ms
 * in a 5 000-entity house, so a full scan runs only while some account's
 * sensor is not found and the number of entities changed since the last one
 * (above SMALL_HOUSE entities, at most once per CHECK_INTERVAL_MS). A sensor
 * found once stays found while it exists: HA drops an unavailable MQTT
 * sensor's own attributes.
 */
export class MoneySensorFinder {
  #states: HassEntities | undefined;
  #accounts: readonly Account[] | undefined;
  #result: ReadonlyMap<string, MoneySensorIds> = new Map();
  #scanCount = -1;
  #lastScan = -Infinity;

  /** By account key; the same instance while nothing changed. */
  resolve(states: HassEntities, accounts: readonly Account[]): ReadonlyMap<string, MoneySensorIds> {
    if (states === this.#states && accounts === this.#accounts) return this.#result;
    this.#states = states;
    this.#accounts = accounts;
    const found = new Map<string, MoneySensorIds>();
    let missing = false;
    for (const a of accounts) {
      const before = this.#result.get(a.key);
      const pick = (part: Part, guess: string): string | null => {
        const known = before?.[part];
        if (known && (isPart(states[known], part, a.key) || states[known]?.state === 'unavailable')) return known;
        if (isPart(states[guess], part, a.key)) return guess;
        missing = true;
        return null;
      };
      found.set(a.key, {
        spending: pick('spending', accountMonthSensorId(a.institutionName ?? '', a.mask, a.key, 'spending')),
        recent: pick('recent', recentTransactionsSensorId(a.institutionName ?? '', a.mask, a.key)),
      });
    }
    if (missing) this.#scan(states, found);
    if (!sameIds(found, this.#result)) this.#result = found;
    return this.#result;
  }

  #scan(states: HassEntities, found: Map<string, MoneySensorIds>): void {
    const now = performance.now();
    if (this.#scanCount > SMALL_HOUSE && now - this.#lastScan < CHECK_INTERVAL_MS) return;
    this.#lastScan = now;
    const keys = Object.keys(states);
    if (keys.length === this.#scanCount) return;
    this.#scanCount = keys.length;
    for (const id of keys) {
      if (!id.startsWith('sensor.')) continue;
      const part = partOf(states[id]);
      const ids = part && found.get(states[id]?.attributes.plaid_account_id as string);
      if (ids && !ids[part]) ids[part] = id;
    }
  }
}

function sameIds(a: ReadonlyMap<string, MoneySensorIds>, b: ReadonlyMap<string, MoneySensorIds>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, ids] of a) {
    const other = b.get(key);
    if (other?.spending !== ids.spending || other.recent !== ids.recent) return false;
  }
  return true;
}

/** The found sensors' ids, for the card's list of entities whose change re-renders it. */
export function moneySensorIds(found: ReadonlyMap<string, MoneySensorIds>): string[] {
  const ids: string[] = [];
  for (const { spending, recent } of found.values()) {
    if (spending) ids.push(spending);
    if (recent) ids.push(recent);
  }
  return ids;
}

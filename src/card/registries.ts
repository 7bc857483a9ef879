import type { Account } from './accounts.js';

/**
 * What HA's frontend keeps of its entity and device registries on `hass`
 * (`hass.entities` from `list_for_display`, `hass.devices`), as far as the
 * card reads them. Older frontends and the card's own tests may have neither.
 */
export interface Registries {
  entities?: EntityDisplays;
  devices?: DeviceEntries;
}

/** `name`: the user's name for the entity, else the integration's (HA's `list_for_display`). */
export type EntityDisplays = Readonly<
  Record<string, { device_id?: string | null; display_precision?: number; name?: string | null } | undefined>
>;
export type DeviceEntries = Readonly<
  Record<string, { identifiers?: readonly (readonly [string, string])[]; name_by_user?: string | null } | undefined>
>;

/** More decimals than any currency has, and within what Intl accepts. */
const MAX_PRECISION = 10;

/**
 * The decimals for these accounts' amounts: the display precision their
 * balance sensors share in HA's entity settings (the user's, else the one
 * the companion suggests), so the card reads like HA's own cards. Undefined
 * (the currency's own decimals) without one, or where they differ, as in a
 * currency's total over accounts set differently.
 */
export function sharedPrecision(
  entities: EntityDisplays | undefined,
  accounts: readonly Account[],
): number | undefined {
  let shared: number | undefined;
  for (let i = 0; i < accounts.length; i++) {
    const p = entities?.[accounts[i].primaryEntityId]?.display_precision;
    if (p === undefined || !Number.isInteger(p) || p < 0 || p > MAX_PRECISION || (i > 0 && p !== shared))
      return undefined;
    shared = p;
  }
  return shared;
}

/** Each currency's shared precision (sharedPrecision), for its total and its net-worth line. */
export function precisionsByCurrency(
  entities: EntityDisplays | undefined,
  accounts: readonly Account[],
): Map<string, number | undefined> {
  const byCurrency = new Map<string, Account[]>();
  for (const a of accounts) if (a.currency) byCurrency.set(a.currency, [...(byCurrency.get(a.currency) ?? []), a]);
  return new Map([...byCurrency].map(([currency, list]) => [currency, sharedPrecision(entities, list)]));
}

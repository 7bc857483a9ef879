import { balanceEntityName } from '../protocol/entity-id.js';
import type { Account } from './accounts.js';
import type { DeviceEntries, EntityDisplays } from './registries.js';

/**
 * A user who renames an account's sensor or a bank's device in HA's settings
 * expects the card to say it as HA's own cards do, not Plaid's name for it.
 * HA's `list_for_display` gives the user's entity name, else the one the
 * companion announced (balanceEntityName): only a name other than that one is
 * the user's. A device's `name_by_user` is the user's by definition. REST
 * sensors have no registry entry, so nothing changes for them.
 */
export function withUserNames(
  accounts: readonly Account[],
  entities: EntityDisplays | undefined,
  devices: DeviceEntries | undefined,
): readonly Account[] {
  if (!entities) return accounts;
  let out: Account[] | null = null;
  for (let i = 0; i < accounts.length; i++) {
    const account = accounts[i];
    const named = renamed(account, entities, devices);
    if (named !== account) (out ??= accounts.slice(0, i)).push(named);
    else out?.push(account);
  }
  return out ?? accounts;
}

/** The same copy for the same account and names, so the rows' and trends' caches still hold. */
const copies = new WeakMap<Account, Account>();

function renamed(account: Account, entities: EntityDisplays, devices: DeviceEntries | undefined): Account {
  const entry = entities[account.primaryEntityId];
  if (!entry) return account;
  const kind = account.primaryEntityId === account.entityIds.available ? 'available' : 'current';
  const entityName =
    entry.name?.trim() &&
    account.accountName &&
    !isAnnounced(entry.name, balanceEntityName(account.accountName, kind), account.institutionName)
      ? entry.name
      : null;
  const byUser = entry.device_id ? devices?.[entry.device_id]?.name_by_user : null;
  const deviceName = byUser?.trim() ? byUser : null;
  if (!entityName && !deviceName) return account;
  const accountName = entityName ?? account.accountName;
  const institutionName = deviceName ?? account.institutionName;
  const known = copies.get(account);
  if (known?.accountName === accountName && known.institutionName === institutionName) return known;
  const copy = { ...account, accountName, institutionName };
  copies.set(account, copy);
  return copy;
}

/**
 * The companion's name, or that name as HA's MQTT integration shortens one that starts with its device's (the bank's)
 * name.
 */
function isAnnounced(name: string, announced: string, deviceName: string | null): boolean {
  if (name === announced) return true;
  const prefix = deviceName ? `${deviceName.toLowerCase()} ` : null;
  return prefix !== null && announced.toLowerCase().startsWith(prefix) && name === announced.slice(prefix.length);
}

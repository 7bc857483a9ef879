import { ACCOUNT_TYPES, type AccountType } from '../protocol/attributes.js';
import { needsReconnect, type Account } from './accounts.js';
import type { GroupBy } from './card-config.js';

export interface AccountGroup {
  key: string;
  /** Null for `group_by: none`, where there is no header. */
  title: string | null;
  accounts: Account[];
  /** Set when the group is one institution: the Item the admin actions act on. */
  itemId: string | null;
  needsReconnect: boolean;
}

/** Brokerage accounts are shown with investments. */
export type TypeGroup = Exclude<AccountType, 'brokerage'>;
/** ACCOUNT_TYPES is already in the order a person reads a balance sheet: cash, debts, the rest. */
const TYPE_ORDER = ACCOUNT_TYPES.filter((t): t is TypeGroup => t !== 'brokerage');

export function typeGroupOf(type: string): TypeGroup {
  if (type === 'brokerage') return 'investment';
  return (TYPE_ORDER as readonly string[]).includes(type) ? (type as TypeGroup) : 'other';
}

export interface GroupLabels {
  type(group: TypeGroup): string;
  unknownInstitution: string;
}

let sharedCollator: Intl.Collator | undefined;
/** `localeCompare` builds a collator on every call; one shared collator sorts the same way. */
function collator(): Intl.Collator {
  return (sharedCollator ??= new Intl.Collator());
}

export function groupAccounts(accounts: readonly Account[], groupBy: GroupBy, labels: GroupLabels): AccountGroup[] {
  if (groupBy === 'none') {
    return accounts.length
      ? [{ key: 'all', title: null, accounts: [...accounts], itemId: null, needsReconnect: false }]
      : [];
  }
  const groups = new Map<string, AccountGroup>();
  for (const account of accounts) {
    const key =
      groupBy === 'type' ? typeGroupOf(account.type) : (account.itemId ?? `name:${account.institutionName ?? ''}`);
    let group = groups.get(key);
    if (!group) {
      group =
        groupBy === 'type'
          ? { key, title: labels.type(key as TypeGroup), accounts: [], itemId: null, needsReconnect: false }
          : {
              key,
              title: account.institutionName ?? labels.unknownInstitution,
              accounts: [],
              itemId: account.itemId,
              needsReconnect: false,
            };
      groups.set(key, group);
    }
    group.accounts.push(account);
    if (groupBy === 'institution' && needsReconnect(account.itemStatus)) group.needsReconnect = true;
  }
  const list = [...groups.values()];
  if (groupBy === 'type') {
    list.sort((a, b) => TYPE_ORDER.indexOf(a.key as TypeGroup) - TYPE_ORDER.indexOf(b.key as TypeGroup));
  } else {
    list.sort((a, b) => collator().compare(a.title ?? '', b.title ?? ''));
  }
  return list;
}

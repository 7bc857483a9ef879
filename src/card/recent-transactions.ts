import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { is } from 'superstruct';
import {
  RecentAttributesSchema,
  type RecentAttributes,
  type RecentTransaction,
} from '../protocol/transaction-attributes.js';
import type { Account } from './accounts.js';

/** A transaction as the card lists it: with its account's currency, name and mask. */
export interface ShownTransaction extends RecentTransaction {
  currency: string;
  accountName: string | null;
  mask: string | null;
  /**
   * What a tap opens: the account's balance sensor as the card found it, not
   * the block's `balance_entity` (the id the companion gave it, which the user may have renamed).
   */
  entityId: string;
}

/** Validated once per entity object: HA keeps an unchanged entity's identity, and a list holds up to 100. */
const blocks = new WeakMap<HassEntity, RecentAttributes | null>();

function blockOf(entity: HassEntity): RecentAttributes | null {
  let block = blocks.get(entity);
  if (block === undefined) {
    const attrs: unknown = entity.attributes;
    block = is(attrs, RecentAttributesSchema) ? attrs : null;
    blocks.set(entity, block);
  }
  return block;
}

/**
 * The shown accounts' lists merged, newest first (YYYY-MM-DD sorts as text;
 * a day's transactions keep their accounts' order), the first `count` of
 * them. `moneyIds` as for spendingByCurrency; a block that does not match the
 * protocol adds nothing.
 */
export function recentTransactions(
  states: HassEntities,
  moneyIds: readonly string[],
  accounts: readonly Account[],
  count: number,
): ShownTransaction[] {
  if (count <= 0) return [];
  const byAccount = new Map<string, RecentAttributes>();
  for (const id of moneyIds) {
    const block = states[id] && blockOf(states[id]);
    if (block) byAccount.set(block.plaid_account_id, block);
  }
  const all: ShownTransaction[] = [];
  for (const account of accounts) {
    const block = byAccount.get(account.key);
    if (!block) continue;
    for (const t of block.transactions) {
      all.push({
        ...t,
        currency: block.currency,
        accountName: account.accountName,
        mask: account.mask,
        entityId: account.primaryEntityId,
      });
    }
  }
  return all.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)).slice(0, count);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `Dec 3` / `3. Dez.`: a YYYY-MM-DD bank day in the user's language; anything else as it came. */
export function formatTransactionDate(date: string, language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  let format = dateFormats.get(language);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', timeZone: 'UTC' };
    try {
      format = new Intl.DateTimeFormat(language, options);
    } catch {
      format = new Intl.DateTimeFormat('en', options);
    }
    dateFormats.set(language, format);
  }
  // The bank's calendar day, not an instant: formatted in UTC, it cannot shift a day in the user's time zone.
  return format.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

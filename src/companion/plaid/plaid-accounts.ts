import type { AccountChoice, BalanceKind, FlowStep } from '../../protocol/index.js';
import type { PlaidAccount } from './plaid-client.js';
import { balanceEntityId, suggestedKinds } from '../entities/sensor-states.js';
import type { StoredAccount, StoredItem } from '../store/token-store.js';

/** What the link flow's final step lists per created sensor. */
export type CreatedEntity = Extract<FlowStep, { type: 'create_entry' }>['result']['entities'][number];

/** The user's answer for one account in the accounts form. */
export interface AccountAnswer {
  name?: string | null;
  kinds: readonly BalanceKind[];
}

export function currencyOf(a: PlaidAccount): string {
  // XXX is ISO 4217's "no currency": better than guessing a wrong one.
  return a.balances.iso_currency_code ?? a.balances.unofficial_currency_code ?? 'XXX';
}

/** The fields a form choice and a stored account both copy from Plaid's account. */
function plaidFields(a: PlaidAccount) {
  return {
    account_id: a.account_id,
    official_name: a.official_name,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    currency: currencyOf(a),
    current: a.balances.current,
    available: a.balances.available,
    limit: a.balances.limit,
  };
}

/** Plaid's account → one row of the accounts form, with the entity ids it would get under `entityLabel`. */
export function accountChoice(a: PlaidAccount, entityLabel: string): AccountChoice {
  return {
    ...plaidFields(a),
    name: a.name,
    suggested_kinds: suggestedKinds(a.balances),
    entity_ids: Object.fromEntries(
      (['current', 'available'] as const).map((k) => [k, balanceEntityId({ entity_label: entityLabel }, a, k)]),
    ),
  };
}

/** Plaid's account and the user's answer → the account as the store keeps it. */
export function storedAccount(a: PlaidAccount, answer: AccountAnswer): StoredAccount {
  return { ...plaidFields(a), name: answer.name?.trim() || a.name, kinds: [...new Set<BalanceKind>(answer.kinds)] };
}

/** The sensors a configured item has, as the flow's final step reports them. */
export function createdEntities(item: StoredItem): CreatedEntity[] {
  return item.accounts.flatMap((a) =>
    a.kinds.map((kind) => ({
      entity_id: balanceEntityId(item, a, kind),
      account_name: a.name,
      balance_kind: kind,
      state: a[kind],
      unit_of_measurement: a.currency,
    })),
  );
}

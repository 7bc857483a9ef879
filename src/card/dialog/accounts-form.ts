import type { AccountChoice, AccountsFormInput, BalanceKind, FormStep } from '../../protocol/index.js';

/** What the user chose for one account: the balances to create and the name to give it. */
export interface AccountSelection {
  kinds: ReadonlySet<BalanceKind>;
  name: string;
}

export type Selection = ReadonlyMap<string, AccountSelection>;
export type DuplicateChoice = 'keep_existing' | 'replace';

const KINDS = ['current', 'available'] as const;

/** The balances Plaid reports for an account: a kind with no value would make a sensor that is always empty. */
export function offeredKinds(account: AccountChoice): BalanceKind[] {
  return KINDS.filter((kind) => account[kind] !== null);
}

function suggested(account: AccountChoice): Set<BalanceKind> {
  const offered = offeredKinds(account);
  const kinds = account.suggested_kinds.filter((k) => offered.includes(k));
  return new Set(kinds.length ? kinds : offered.slice(0, 1));
}

/** The starting choice for a form; a form sent again (with errors) keeps what the user already chose. */
export function initialSelection(step: FormStep, previous: Selection): Selection {
  return new Map(
    step.data.accounts.map((a) => [a.account_id, previous.get(a.account_id) ?? { kinds: suggested(a), name: a.name }]),
  );
}

function update(selection: Selection, accountId: string, change: Partial<AccountSelection>): Selection {
  const current = selection.get(accountId);
  return current ? new Map(selection).set(accountId, { ...current, ...change }) : selection;
}

export function setKind(selection: Selection, accountId: string, kind: BalanceKind, on: boolean): Selection {
  const kinds = new Set(selection.get(accountId)?.kinds);
  if (on) kinds.add(kind);
  else kinds.delete(kind);
  return update(selection, accountId, { kinds });
}

/** Ticking an account takes its suggested balances; unticking drops them all. */
export function setIncluded(selection: Selection, account: AccountChoice, on: boolean): Selection {
  return update(selection, account.account_id, { kinds: on ? suggested(account) : new Set() });
}

export function setAll(selection: Selection, accounts: readonly AccountChoice[], on: boolean): Selection {
  return accounts.reduce((s, a) => (isIncluded(s, a.account_id) === on ? s : setIncluded(s, a, on)), selection);
}

export function rename(selection: Selection, accountId: string, name: string): Selection {
  return update(selection, accountId, { name });
}

export function isIncluded(selection: Selection, accountId: string): boolean {
  return (selection.get(accountId)?.kinds.size ?? 0) > 0;
}

/** The form's answer: chosen accounts only, each kind Plaid reports, a name only when the user changed it. */
export function formInput(step: FormStep, selection: Selection, duplicate: DuplicateChoice): AccountsFormInput {
  const accounts = step.data.accounts.flatMap((account) => {
    const choice = selection.get(account.account_id);
    const kinds = offeredKinds(account).filter((k) => choice?.kinds.has(k));
    if (!choice || !kinds.length) return [];
    const name = choice.name.trim();
    return [{ account_id: account.account_id, kinds, ...(name && name !== account.name ? { name } : {}) }];
  });
  return step.data.duplicate_of ? { accounts, duplicate } : { accounts };
}

import type { AccountChoice, AccountsFormInput, FormStep } from '../../protocol/index.js';
import type { StoredItem } from '../store/token-store.js';

/** The accounts form for one exchanged Item: its accounts, and the Item it would duplicate. */
export function accountsFormStep(
  item: Pick<StoredItem, 'item_id' | 'institution_id' | 'institution_name'>,
  accounts: AccountChoice[],
  duplicate: Pick<StoredItem, 'item_id' | 'institution_name'> | undefined,
): FormStep {
  return {
    type: 'form',
    step_id: 'accounts',
    data: {
      item_id: item.item_id,
      institution_id: item.institution_id,
      institution_name: item.institution_name,
      accounts,
      duplicate_of: duplicate ? { item_id: duplicate.item_id, institution_name: duplicate.institution_name } : null,
    },
    errors: {},
  };
}

/** A configured Item of the same institution sharing an account mask: linking again would bill it twice. */
export function duplicateItem(others: StoredItem[], institutionId: string, masks: string[]): StoredItem | undefined {
  return others.find((o) => o.institution_id === institutionId && o.account_masks.some((m) => masks.includes(m)));
}

/** What is wrong with the user's answer, by field (`accounts`, `duplicate`); empty when nothing. */
export function accountsFormErrors(form: FormStep, input: AccountsFormInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = new Set(form.data.accounts.map((a) => a.account_id));
  const ids = input.accounts.map((a) => a.account_id);
  if (form.data.duplicate_of && !input.duplicate) {
    errors.duplicate =
      `${form.data.institution_name} is already linked with the same accounts: ` + `choose keep_existing or replace`;
  }
  if (input.duplicate !== 'keep_existing') {
    if (ids.length === 0) errors.accounts = 'choose at least one account';
    else if (ids.some((id) => !known.has(id))) errors.accounts = 'unknown account; choose from the accounts listed';
    else if (new Set(ids).size !== ids.length) errors.accounts = 'each account may be listed once';
  }
  return errors;
}

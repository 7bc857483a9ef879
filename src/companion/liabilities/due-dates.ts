/**
 * An Item's payment due dates in the store: a good /liabilities/get applied,
 * a failed one turned into a status, and that status in words; pure apart
 * from mutating the item handed in.
 */
import type { LiabilitiesGetResponse } from 'plaid';
import { isLiabilityType, type DueDatesStatus } from '../../protocol/index.js';
import type { PlaidFailure } from '../errors.js';
import type { StoredItem } from '../store/store-file.js';
import { accountDue } from './account-due.js';

/** Asking a day later cannot change these, so they wait for the next day like a good answer. */
const SETTLED_FAILURES: Record<string, DueDatesStatus> = {
  PRODUCTS_NOT_SUPPORTED: 'not_supported',
  ADDITIONAL_CONSENT_REQUIRED: 'not_consented',
};

/** Marks an Item as wanting due dates (it is read from then on); one that already does keeps its state. */
export function wantDueDates(item: StoredItem): void {
  item.due_dates ??= { status: 'pending', checked_at: null, error: null };
}

export function applyLiabilities(item: StoredItem, response: LiabilitiesGetResponse, now: number): void {
  for (const account of item.accounts) {
    if (!isLiabilityType(account.type)) continue;
    const due = accountDue(response.liabilities, account.account_id);
    if (due) account.due = due;
    else delete account.due;
  }
  item.due_dates = { status: 'ok', checked_at: new Date(now).toISOString(), error: null };
}

/**
 * A failed /liabilities/get: `NO_LIABILITY_ACCOUNTS` is a good answer with
 * nothing due. A bank that no longer shares Liabilities, or a consent the
 * user withdrew, drops the dues (their sensors leave HA): they would only
 * grow stale. Other failures keep the last good dues, as a failed balance
 * poll keeps the balances. Item-level failures (sign in again) are the
 * balance poller's to report: the item's status is left alone here.
 */
export function applyLiabilitiesFailure(item: StoredItem, failure: PlaidFailure, now: number): void {
  const checkedAt = new Date(now).toISOString();
  const settled = SETTLED_FAILURES[failure.error_code];
  if (failure.error_code === 'NO_LIABILITY_ACCOUNTS' || settled) {
    for (const account of item.accounts) delete account.due;
  }
  if (failure.error_code === 'NO_LIABILITY_ACCOUNTS') {
    item.due_dates = { status: 'ok', checked_at: checkedAt, error: null };
    return;
  }
  const error = { error_code: failure.error_code, display_message: failure.display_message };
  item.due_dates = { status: settled ?? 'error', checked_at: checkedAt, error };
}

/** What the Item's problem sensor says about its due dates when they are not `ok` or still coming. */
export function dueDatesMessage(item: StoredItem): string | null {
  const state = item.due_dates;
  if (!state) return null;
  const bank = item.institution_name;
  switch (state.status) {
    case 'not_supported':
      return `Payment due dates are unavailable: ${bank} does not share them through Plaid. Balances are not affected.`;
    case 'not_consented':
      return `Payment due dates are not consented at ${bank}: Plaid needs your consent to Liabilities for this bank.`;
    case 'error':
      return (
        `Payment due dates could not be read (${state.error?.display_message ?? state.error?.error_code}); ` +
        'trying again later. Balances are not affected.'
      );
    default:
      return null;
  }
}

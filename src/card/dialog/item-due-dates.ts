import type { ItemSummary } from '../../protocol/index.js';
import type { TranslationKey } from '../localize.js';

/** What the list of linked banks shows of a bank's payment due dates. */
export interface ItemDueDatesView {
  /** "Add payment due dates": Plaid's update mode would add the user's consent to Liabilities. */
  canAdd: boolean;
  /** Why they are missing or late, in the dialog's words (the English ones are the companion's). */
  note: TranslationKey | null;
  /** The companion's own words, where they carry what the note cannot: Plaid's error. */
  detail: string | null;
}

const NOTES: Partial<Record<NonNullable<ItemSummary['due_dates']>, TranslationKey>> = {
  pending: 'dialog.due_dates_pending',
  not_supported: 'dialog.due_dates_not_supported',
  not_consented: 'dialog.due_dates_not_consented',
  error: 'dialog.due_dates_error',
};

/**
 * A bank linked without due dates (`null`) or whose consent Plaid misses can
 * have them added; one that does not offer Liabilities cannot. A companion
 * before DUE_DATES_SINCE names no status (`undefined`): nothing is offered.
 */
export function itemDueDates(item: ItemSummary): ItemDueDatesView {
  const status = item.due_dates;
  if (status === undefined) return { canAdd: false, note: null, detail: null };
  if (status === null) return { canAdd: true, note: null, detail: null };
  return {
    canAdd: status === 'not_consented',
    note: NOTES[status] ?? null,
    detail: status === 'error' ? (item.due_dates_message ?? null) : null,
  };
}

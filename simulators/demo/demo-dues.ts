/**
 * The demo bank's payment dues as a new user should first see them: its
 * credit card due in 2 days (one reminder, "soon" on the card), the loans
 * later, nothing overdue. Sandbox's mortgage is past due by default, which
 * would greet every demo with an alarm. Set at the Plaid simulator before
 * the companion first reads the Item's liabilities, so HA shows them at once.
 */
import { liabilitySubtype } from '../plaid/item-liabilities.js';
import type { PlaidSim } from '../plaid/plaid-server.js';

export const CARD_DUE_IN_DAYS = 2;

export function calmDues(plaid: PlaidSim, itemId: string): void {
  const item = plaid.items().find((i) => i.item_id === itemId);
  if (!item) throw new Error(`demo dues: the Plaid simulator has no Item ${itemId}`);
  for (const account of item.accounts) {
    const subtype = liabilitySubtype(account);
    if (!subtype) continue;
    const due = subtype === 'credit card' ? { dueInDays: CARD_DUE_IN_DAYS } : {};
    plaid.setLiability(account.account_id, { ...due, isOverdue: false });
  }
}

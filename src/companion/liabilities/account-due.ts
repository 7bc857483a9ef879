/** Plaid's /liabilities/get → what the companion keeps of each account's payment due; pure. */
import type { LiabilitiesObject } from 'plaid';
import type { AccountDue } from '../store/store-file.js';

/** Plaid's `item` object as every product endpoint returns it; the parts read here. */
export interface PlaidItemProducts {
  products?: readonly string[] | null;
  billed_products?: readonly string[] | null;
  consented_products?: readonly string[] | null;
}

/**
 * Whether the user consented to Liabilities for this Item (at Link, or later
 * in update mode): then the companion reads its due dates, else it never
 * calls /liabilities/get, which on a consented Item starts Plaid's billing.
 */
export function itemHasLiabilities(item: PlaidItemProducts): boolean {
  return [item.products, item.billed_products, item.consented_products].some((list) => list?.includes('liabilities'));
}

/** The due of one account, or undefined when Liabilities does not cover it. */
export function accountDue(liabilities: LiabilitiesObject, accountId: string): AccountDue | undefined {
  const card = liabilities.credit?.find((c) => c.account_id === accountId);
  if (card) {
    return {
      next_payment_due_date: card.next_payment_due_date,
      minimum_payment: card.minimum_payment_amount,
      last_statement_balance: card.last_statement_balance,
      last_statement_date: card.last_statement_issue_date,
      // A card has several APRs (cash, balance transfer…); purchases are what a statement mostly carries.
      apr: card.aprs.find((a) => a.apr_type === 'purchase_apr')?.apr_percentage ?? null,
      is_overdue: card.is_overdue,
    };
  }
  const student = liabilities.student?.find((s) => s.account_id === accountId);
  if (student) {
    return {
      next_payment_due_date: student.next_payment_due_date,
      minimum_payment: student.minimum_payment_amount,
      last_statement_balance: student.last_statement_balance ?? null,
      last_statement_date: student.last_statement_issue_date,
      apr: student.interest_rate_percentage,
      is_overdue: student.is_overdue,
    };
  }
  const mortgage = liabilities.mortgage?.find((m) => m.account_id === accountId);
  if (mortgage) {
    return {
      next_payment_due_date: mortgage.next_payment_due_date,
      // A mortgage has no minimum: the monthly payment is what is due.
      minimum_payment: mortgage.next_monthly_payment,
      last_statement_balance: null,
      last_statement_date: null,
      apr: mortgage.interest_rate.percentage ?? null,
      // Plaid gives a mortgage no is_overdue; an amount past due says it.
      is_overdue: mortgage.past_due_amount === null ? null : mortgage.past_due_amount > 0,
    };
  }
  return undefined;
}

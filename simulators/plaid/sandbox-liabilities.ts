// What /liabilities/get says about Plaid Sandbox's Plaid Credit Card (mask 3333),
// Plaid Student Loan (7777) and Plaid Mortgage (8888): APRs, balances, payments,
// loan terms and addresses as Plaid's API reference shows them for these accounts
// (the /liabilities/get example in vendor/plaid-openapi). The payment dates there
// are years old, so here they are kept as gaps between each other and counted
// from the next due date, which follows the simulator's clock.
import { dayString } from './calendar-days.js';

/** The dates a liability's statement cycle turns on, as day numbers. */
export interface CycleDates {
  nextDue: number;
}

/** Days before the next due date that Sandbox's statements are issued and last payments made. */
export const STATEMENT_GAPS = {
  'credit card': { statement: 25, payment: 31 },
  student: { statement: 30, payment: 36 },
  mortgage: { payment: 31 },
} as const;

export type LiabilitySubtype = keyof typeof STATEMENT_GAPS;

/** Days from "now" to the next due date when nothing set them: the card's is close. */
export const DEFAULT_DUE_IN_DAYS: Record<LiabilitySubtype, number> = { 'credit card': 4, student: 17, mortgage: 11 };

export function creditCardLiability(accountId: string, { nextDue }: CycleDates, isOverdue: boolean) {
  const gaps = STATEMENT_GAPS['credit card'];
  return {
    account_id: accountId,
    aprs: [
      {
        apr_percentage: 15.24,
        apr_type: 'balance_transfer_apr',
        balance_subject_to_apr: 1562.32,
        interest_charge_amount: 130.22,
      },
      { apr_percentage: 27.95, apr_type: 'cash_apr', balance_subject_to_apr: 56.22, interest_charge_amount: 14.81 },
      { apr_percentage: 12.5, apr_type: 'purchase_apr', balance_subject_to_apr: 157.01, interest_charge_amount: 25.66 },
      { apr_percentage: 0, apr_type: 'special', balance_subject_to_apr: 1000, interest_charge_amount: 0 },
    ],
    is_overdue: isOverdue,
    last_payment_amount: 168.25,
    last_payment_date: dayString(nextDue - gaps.payment),
    last_statement_issue_date: dayString(nextDue - gaps.statement),
    last_statement_balance: 1708.77,
    minimum_payment_amount: 20,
    next_payment_due_date: dayString(nextDue),
  };
}

export function studentLoanLiability(accountId: string, { nextDue }: CycleDates, isOverdue: boolean) {
  const gaps = STATEMENT_GAPS.student;
  return {
    account_id: accountId,
    account_number: '4277075694',
    disbursement_dates: ['2002-08-28'],
    expected_payoff_date: '2032-07-28',
    guarantor: 'DEPT OF ED',
    interest_rate_percentage: 5.25,
    is_overdue: isOverdue,
    last_payment_amount: 138.05,
    last_payment_date: dayString(nextDue - gaps.payment),
    last_statement_balance: 1708.77,
    last_statement_issue_date: dayString(nextDue - gaps.statement),
    loan_name: 'Consolidation',
    loan_status: { end_date: '2032-07-28', type: 'repayment' },
    minimum_payment_amount: 25,
    next_payment_due_date: dayString(nextDue),
    origination_date: '2002-08-28',
    origination_principal_amount: 25000,
    outstanding_interest_amount: 6227.36,
    payment_reference_number: '4277075694',
    pslf_status: { estimated_eligibility_date: null, payments_made: null, payments_remaining: null },
    repayment_plan: { description: 'Standard Repayment', type: 'standard' },
    sequence_number: '1',
    servicer_address: {
      city: 'San Matias',
      country: 'US',
      postal_code: '99415',
      region: 'CA',
      street: '123 Relaxation Road',
    },
    ytd_interest_paid: 280.55,
    ytd_principal_paid: 271.65,
  };
}

/** `pastDue` replaces Sandbox's past_due_amount (2304) when a control said whether the loan is behind. */
export function mortgageLiability(accountId: string, { nextDue }: CycleDates, pastDue: number | undefined) {
  return {
    account_id: accountId,
    account_number: '3120194154',
    current_late_fee: 25,
    escrow_balance: 3141.54,
    has_pmi: true,
    has_prepayment_penalty: true,
    interest_rate: { percentage: 3.99, type: 'fixed' },
    last_payment_amount: 3141.54,
    last_payment_date: dayString(nextDue - STATEMENT_GAPS.mortgage.payment),
    loan_term: '30 year',
    loan_type_description: 'conventional',
    maturity_date: '2045-07-31',
    next_monthly_payment: 3141.54,
    next_payment_due_date: dayString(nextDue),
    origination_date: '2015-08-01',
    origination_principal_amount: 425000,
    past_due_amount: pastDue ?? 2304,
    property_address: {
      city: 'Malakoff',
      country: 'US',
      postal_code: '14236',
      region: 'NY',
      street: '2992 Cameron Road',
    },
    ytd_interest_paid: 12300.4,
    ytd_principal_paid: 12340.5,
  };
}

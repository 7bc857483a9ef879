/**
 * What a transaction is to a household: its event type, and what it adds to
 * this month's spending or income. Money moved between the household's own
 * accounts (Plaid's TRANSFER_IN, TRANSFER_OUT and LOAN_PAYMENTS) is neither,
 * so paying the card from checking is not counted twice.
 */
import type { Direction, TransactionEventType } from '../../protocol/index.js';
import type { LedgerEntry } from './item-transactions.js';

type Classified = Pick<LedgerEntry, 'amount' | 'category' | 'category_detailed'>;

/** Plaid's detailed categories under TRANSFER_IN that are cash arriving from outside, not a transfer. */
const DEPOSITS = new Set(['TRANSFER_IN_DEPOSIT', 'TRANSFER_IN_CASH_ADVANCES_AND_LOANS']);

export function eventTypeOf(t: Classified): TransactionEventType {
  switch (t.category) {
    case 'INCOME':
      return 'income';
    case 'TRANSFER_IN':
      return t.category_detailed !== null && DEPOSITS.has(t.category_detailed) ? 'deposit' : 'transfer';
    case 'TRANSFER_OUT':
      return 'transfer';
    case 'LOAN_PAYMENTS':
      return 'payment';
    case 'BANK_FEES':
      return 'fee';
    case null:
      // Without a category a credit cannot be told from a refund: call it a deposit, which counts as neither.
      return t.amount >= 0 ? 'purchase' : 'deposit';
    default:
      return t.amount >= 0 ? 'purchase' : 'refund';
  }
}

/** Plaid's amounts are positive for money leaving the account. */
export function directionOf(t: Pick<LedgerEntry, 'amount'>): Direction {
  return t.amount >= 0 ? 'out' : 'in';
}

/** What the transaction adds to the month's spending (a refund subtracts) and income. */
export function monthContribution(t: Classified): { spending: number; income: number } {
  switch (eventTypeOf(t)) {
    case 'purchase':
    case 'refund':
    case 'fee':
      return { spending: t.amount, income: 0 };
    case 'income':
      return { spending: 0, income: -t.amount };
    default:
      return { spending: 0, income: 0 };
  }
}

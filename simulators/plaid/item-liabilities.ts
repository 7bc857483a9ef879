// Each Item's liabilities as its due dates move: Sandbox's data for the card,
// student loan and mortgage (sandbox-liabilities.ts), with next due dates counted
// from the clock when the Item's liabilities are first read, until a control
// (setLiability) moves one or marks it overdue.
import { dayNumber, parseDay } from './calendar-days.js';
import {
  DEFAULT_DUE_IN_DAYS,
  creditCardLiability,
  mortgageLiability,
  studentLoanLiability,
  type LiabilitySubtype,
} from './sandbox-liabilities.js';
import type { Account, Item } from './store.js';

export interface LiabilityChange {
  /** YYYY-MM-DD. */
  nextPaymentDueDate?: string;
  /** Days from the simulator's clock; used when nextPaymentDueDate is not given. */
  dueInDays?: number;
  isOverdue?: boolean;
}

interface LiabilityState {
  nextDue: number;
  /** Undefined until a control says; Sandbox's own data then stands. */
  overdue?: boolean;
}

export interface LiabilitiesObject {
  credit: ReturnType<typeof creditCardLiability>[];
  mortgage: ReturnType<typeof mortgageLiability>[];
  student: ReturnType<typeof studentLoanLiability>[];
}

/** The Sandbox liability an account is, if Liabilities covers it. */
export function liabilitySubtype(account: Account): LiabilitySubtype | undefined {
  if (account.type === 'credit' && account.subtype === 'credit card') return 'credit card';
  if (account.type === 'loan' && (account.subtype === 'student' || account.subtype === 'mortgage')) {
    return account.subtype;
  }
  return undefined;
}

export class ItemLiabilities {
  private readonly states = new Map<string, LiabilityState>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.states.clear();
  }

  liabilities(item: Item, accountIds?: string[]): LiabilitiesObject {
    const out: LiabilitiesObject = { credit: [], mortgage: [], student: [] };
    for (const account of item.accounts) {
      const subtype = liabilitySubtype(account);
      if (!subtype || (accountIds && !accountIds.includes(account.account_id))) continue;
      const state = this.state(account, subtype);
      const dates = { nextDue: state.nextDue };
      const overdue = state.overdue ?? false;
      if (subtype === 'credit card') out.credit.push(creditCardLiability(account.account_id, dates, overdue));
      if (subtype === 'student') out.student.push(studentLoanLiability(account.account_id, dates, overdue));
      if (subtype === 'mortgage') {
        const pastDue = state.overdue === undefined ? undefined : state.overdue ? 3141.54 : 0;
        out.mortgage.push(mortgageLiability(account.account_id, dates, pastDue));
      }
    }
    return out;
  }

  /** Moves a liability's next due date or marks it overdue (or not). */
  change(account: Account, change: LiabilityChange): void {
    const subtype = liabilitySubtype(account);
    if (!subtype) throw new Error(`account ${account.account_id} is not a credit card, student loan or mortgage`);
    const state = this.state(account, subtype);
    if (change.nextPaymentDueDate !== undefined) {
      const day = parseDay(change.nextPaymentDueDate);
      if (day === undefined) throw new Error(`nextPaymentDueDate ${change.nextPaymentDueDate} is not YYYY-MM-DD`);
      state.nextDue = day;
    } else if (change.dueInDays !== undefined) {
      state.nextDue = dayNumber(this.now()) + change.dueInDays;
    }
    if (change.isOverdue !== undefined) state.overdue = change.isOverdue;
  }

  private state(account: Account, subtype: LiabilitySubtype): LiabilityState {
    let state = this.states.get(account.account_id);
    if (!state) {
      state = { nextDue: dayNumber(this.now()) + DEFAULT_DUE_IN_DAYS[subtype] };
      this.states.set(account.account_id, state);
    }
    return state;
  }
}

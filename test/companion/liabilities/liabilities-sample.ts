/** A /liabilities/get answer as Plaid gives it for Sandbox's card, student loan and mortgage (simulators/plaid). */
import type { LiabilitiesGetResponse } from 'plaid';
import {
  creditCardLiability,
  mortgageLiability,
  studentLoanLiability,
} from '../../../simulators/plaid/sandbox-liabilities.js';
import { parseDay } from '../../../simulators/plaid/calendar-days.js';

export function liabilitiesResponse(nextDue = '2025-01-05', overdue = false): LiabilitiesGetResponse {
  const dates = { nextDue: parseDay(nextDue)! };
  return {
    accounts: [],
    item: {} as LiabilitiesGetResponse['item'],
    liabilities: {
      credit: [creditCardLiability('acc-credit-1', dates, overdue)],
      student: [studentLoanLiability('acc-student-1', dates, overdue)],
      mortgage: [mortgageLiability('acc-mortgage-1', dates, overdue ? 100 : 0)],
    },
    request_id: 'req',
  } as unknown as LiabilitiesGetResponse;
}

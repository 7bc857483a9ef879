// Transaction histories made up on demand, for the large-history benchmark mode
// (two years, thousands of transactions) and user_transactions_dynamic. Every
// transaction follows from (the Item's seed, its day, its slot that day), so the
// history is a list the simulator can read at any index without holding it:
// only one number per day (how many transactions it has) is kept.
import { createHash } from 'node:crypto';
import { dayString } from './calendar-days.js';
import { RECURRING, SPENDS, type AccountKind, type Spend } from './generated-merchants.js';
import { transactionBody, type PlaidTransaction, type TransactionSpec } from './transaction-body.js';
import type { Account } from './store.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TOTAL_WEIGHT = SPENDS.reduce((sum, s) => sum + s.weight, 0);

/** A 32-bit number that follows from its inputs alone. */
export function stableHash(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join(':')).digest().readUInt32BE(0);
}

/** A transaction id shaped like Plaid's (37 base62 characters) that follows from its inputs. */
export function stableTransactionId(...parts: (string | number)[]): string {
  const bytes = createHash('sha512').update(parts.join(':')).digest();
  return [...bytes.subarray(0, 37)].map((b) => BASE62[b % 62]).join('');
}

export interface PlannedTransaction {
  spec: TransactionSpec;
  account: Account;
}

/** The transactions of one day; `salt` draws another set of purchases for the same day (no bills). */
export interface DayPlanner {
  plan(day: number, salt?: number): PlannedTransaction[];
}

function accountFor(accounts: Account[], kind: AccountKind): Account | undefined {
  return (
    accounts.find((a) => a.subtype === kind) ??
    accounts.find((a) => a.subtype === 'checking' || a.subtype === 'credit card') ??
    accounts.find((a) => a.type === 'depository')
  );
}

function amountBetween(min: number, max: number, hash: number): number {
  const cents = Math.round((max - min) * 100);
  return Math.round(min * 100 + (cents === 0 ? 0 : hash % (cents + 1))) / 100;
}

function pickSpend(hash: number): Spend {
  let left = (hash % 10_000) / (10_000 / TOTAL_WEIGHT);
  for (const spend of SPENDS) {
    left -= spend.weight;
    if (left < 0) return spend;
  }
  return SPENDS[SPENDS.length - 1]!;
}

/** Bills on their days and `minSpendsPerDay` to `maxSpendsPerDay` purchases a day, on the Item's checking and card. */
export function dayPlanner(
  seed: string,
  accounts: Account[],
  maxSpendsPerDay: number,
  minSpendsPerDay = 0,
): DayPlanner {
  return {
    plan(day: number, salt = 0): PlannedTransaction[] {
      const out: PlannedTransaction[] = [];
      const date = new Date(day * 86_400_000);
      for (const bill of RECURRING) {
        const due =
          bill.dayOfMonth !== undefined ? date.getUTCDate() === bill.dayOfMonth : day % (bill.everyDays ?? 1) === 0;
        const account = accountFor(accounts, bill.account);
        if (!due || !account || salt !== 0) continue;
        out.push({ account, spec: { ...bill.spec, amount: amountBetween(bill.min, bill.max, stableHash(seed, day)) } });
      }
      const spends = minSpendsPerDay + (stableHash(seed, day, salt, 'count') % (maxSpendsPerDay - minSpendsPerDay + 1));
      for (let slot = 0; slot < spends; slot++) {
        const hash = stableHash(seed, day, salt, slot);
        const spend = pickSpend(hash);
        const account = accountFor(accounts, spend.account);
        if (account)
          out.push({ account, spec: { ...spend.spec, amount: amountBetween(spend.min, spend.max, hash >> 8) } });
      }
      return out;
    },
  };
}

export function plannedBody(
  seed: string,
  planned: PlannedTransaction,
  day: number,
  key: string | number,
  pending: boolean,
): PlaidTransaction {
  const lag = planned.spec.authorizedDaysEarlier;
  return transactionBody(planned.spec, {
    transaction_id: stableTransactionId(seed, day, key),
    account_id: planned.account.account_id,
    iso_currency_code: planned.account.balances.iso_currency_code,
    date: dayString(day),
    authorized_date: lag === null ? null : dayString(day - (pending ? 0 : lag)),
    pending,
  });
}

/**
 * Days `firstDay`..`lastDay` of a planner's transactions, oldest first; those
 * dated on or after `pendingFrom` are still pending.
 */
export class GeneratedHistory {
  readonly count: number;
  private readonly before: Int32Array;

  constructor(
    private readonly seed: string,
    private readonly planner: DayPlanner,
    private readonly firstDay: number,
    lastDay: number,
    private readonly pendingFrom: number,
  ) {
    const days = Math.max(0, lastDay - firstDay + 1);
    this.before = new Int32Array(days + 1);
    for (let d = 0; d < days; d++) this.before[d + 1] = this.before[d]! + planner.plan(firstDay + d).length;
    this.count = this.before[days]!;
  }

  at(index: number): PlaidTransaction {
    if (index < 0 || index >= this.count) throw new RangeError(`no generated transaction ${index}`);
    let lo = 0;
    let hi = this.before.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid]! <= index) lo = mid;
      else hi = mid;
    }
    const day = this.firstDay + lo;
    const slot = index - this.before[lo]!;
    return plannedBody(this.seed, this.planner.plan(day)[slot]!, day, slot, day >= this.pendingFrom);
  }
}

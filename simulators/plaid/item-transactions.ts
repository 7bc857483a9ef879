// Each Item's transactions over simulated time. user_good gets Plaid Sandbox's
// own 30-day cycle over the requested window (default 90 days), with the newest
// two pending at the initial pull and, as the clock moves on, changes a real
// account sees: day 1 and 2 after the pull the pending ones post (the posted one
// carries pending_transaction_id, the pending one is removed), day 3 SparkFun's
// merchant is cleaned up (modified), day 4 a refund is reversed (removed).
// user_transactions_dynamic gets a generated history whose newest day is pending;
// /transactions/refresh posts what is pending and brings new pending purchases.
// With `generatedDays`, user_good Items get a generated history of that many
// days instead (the large-history benchmark mode).
import { dayNumber, dayString } from './calendar-days.js';
import { GeneratedHistory, dayPlanner, plannedBody, stableTransactionId } from './generated-history.js';
import { SANDBOX_CYCLE, SANDBOX_CYCLE_DAYS } from './sandbox-transaction-cycle.js';
import { DYNAMIC_USERNAME } from './sandbox-users.js';
import type { Item } from './store.js';
import { transactionBody, type PlaidTransaction } from './transaction-body.js';
import { TransactionLedger, type HistorySource } from './transaction-ledger.js';

export interface TransactionsOptions {
  /** Days of history when the Item did not ask (transactions.days_requested); Plaid's default is 90. */
  days?: number;
  /** How long after the pull starts /transactions/sync still answers NOT_READY. Default 0. */
  readyAfterMs?: number;
  /** Give user_good Items this many days of generated history instead of Sandbox's cycle. */
  generatedDays?: number;
}

const DAY_MS = 86_400_000;
/** Purchases per day at most, for the benchmark's busy accounts and the dynamic user's quieter ones. */
const BUSY_SPENDS_PER_DAY = 6;
const DYNAMIC_SPENDS_PER_DAY = 2;
/** The dynamic user buys something every day, so its newest day always has pending transactions. */
const DYNAMIC_MIN_SPENDS_PER_DAY = 1;

interface ScriptedChange {
  at: number;
  apply(ledger: TransactionLedger): void;
}

interface ItemRecord {
  ledger: TransactionLedger;
  startedAt: number;
  script: ScriptedChange[];
  refreshes: number;
}

/** The posted twin of a pending transaction, dated the day it posts. */
function postedVersion(pending: PlaidTransaction, postedDay: string, amount?: number): PlaidTransaction {
  return {
    ...pending,
    transaction_id: stableTransactionId(pending.transaction_id, 'posted'),
    amount: amount ?? pending.amount,
    authorized_date: pending.authorized_date ?? pending.date,
    date: postedDay,
    pending: false,
    pending_transaction_id: pending.transaction_id,
  };
}

export function postPending(
  ledger: TransactionLedger,
  pending: PlaidTransaction,
  day: string,
  amount?: number,
): PlaidTransaction {
  const posted = postedVersion(pending, day, amount);
  ledger.record('added', posted);
  ledger.record('removed', pending);
  return posted;
}

export class ItemTransactions {
  private readonly records = new Map<string, ItemRecord>();

  constructor(
    private readonly now: () => number,
    private readonly options: TransactionsOptions = {},
  ) {}

  clear(): void {
    this.records.clear();
  }

  /** Plaid starts pulling an Item's transactions at link, or at the first call that adds the product. */
  start(item: Item, startedAt: number): void {
    if (!this.records.has(item.item_id)) this.records.set(item.item_id, this.build(item, startedAt));
  }

  isReady(item: Item): boolean {
    const record = this.records.get(item.item_id);
    return record !== undefined && this.now() >= record.startedAt + (this.options.readyAfterMs ?? 0);
  }

  /** The Item's ledger (once started) with every change whose time has come applied. */
  ledger(item: Item): TransactionLedger {
    const record = this.records.get(item.item_id);
    if (!record) throw new Error(`transactions of item ${item.item_id} have not started`);
    const due = record.script.filter((change) => change.at <= this.now());
    record.script = record.script.filter((change) => change.at > this.now());
    for (const change of due) change.apply(record.ledger);
    return record.ledger;
  }

  /** /transactions/refresh: the dynamic user's pending transactions post and new ones arrive. */
  refresh(item: Item): void {
    const ledger = this.ledger(item);
    if (item.username !== DYNAMIC_USERNAME) return;
    const record = this.records.get(item.item_id)!;
    const today = dayNumber(this.now());
    for (const transaction of ledger.current().filter((t) => t.pending))
      postPending(ledger, transaction, dayString(today));
    record.refreshes++;
    // Each refresh is another draw of today's purchases (salt), so something new always arrives.
    const planner = dayPlanner(item.item_id, item.accounts, DYNAMIC_SPENDS_PER_DAY, DYNAMIC_MIN_SPENDS_PER_DAY);
    planner
      .plan(today, record.refreshes)
      .forEach((planned, slot) =>
        ledger.record('added', plannedBody(item.item_id, planned, today, `r${record.refreshes}.${slot}`, true)),
      );
  }

  /** The Item whose ledger holds a transaction (for controls that name only the transaction). */
  findItemId(transactionId: string): string | undefined {
    for (const [itemId, record] of this.records) if (record.ledger.find(transactionId)) return itemId;
    return undefined;
  }

  private build(item: Item, startedAt: number): ItemRecord {
    const lastDay = dayNumber(startedAt);
    const days = item.days_requested ?? this.options.days ?? 90;
    const generatedDays = item.username === DYNAMIC_USERNAME ? days : this.options.generatedDays;
    if (generatedDays !== undefined) {
      const dynamic = item.username === DYNAMIC_USERNAME;
      const planner = dynamic
        ? dayPlanner(item.item_id, item.accounts, DYNAMIC_SPENDS_PER_DAY, DYNAMIC_MIN_SPENDS_PER_DAY)
        : dayPlanner(item.item_id, item.accounts, BUSY_SPENDS_PER_DAY);
      const history = new GeneratedHistory(item.item_id, planner, lastDay - generatedDays, lastDay, lastDay);
      return { ledger: new TransactionLedger(item.item_id, history), startedAt, script: [], refreshes: 0 };
    }
    const history = sandboxCycleHistory(item, lastDay - 1, lastDay - days);
    const ledger = new TransactionLedger(item.item_id, history);
    return { ledger, startedAt, script: sandboxScript(history, startedAt), refreshes: 0 };
  }
}

/** Sandbox's cycle back from `latestDay` to `firstDay`, on the Item's accounts (by mask); the newest day pending. */
function sandboxCycleHistory(
  item: Item,
  latestDay: number,
  firstDay: number,
): HistorySource & { list: PlaidTransaction[] } {
  const list: PlaidTransaction[] = [];
  for (let cycle = Math.ceil((latestDay - firstDay) / SANDBOX_CYCLE_DAYS); cycle >= 0; cycle--) {
    for (const entry of SANDBOX_CYCLE) {
      const day = latestDay - cycle * SANDBOX_CYCLE_DAYS - entry.daysBeforeLatest;
      const account = item.accounts.find((a) => a.mask === entry.mask);
      if (day < firstDay || !account) continue;
      const pending = cycle === 0 && entry.daysBeforeLatest === 0;
      const lag = entry.authorizedDaysEarlier;
      list.push(
        transactionBody(entry, {
          transaction_id: stableTransactionId(item.item_id, 'cycle', cycle, entry.name, entry.daysBeforeLatest),
          account_id: account.account_id,
          iso_currency_code: account.balances.iso_currency_code,
          date: dayString(day),
          authorized_date: lag === null ? null : dayString(day - (pending ? 0 : lag)),
          pending,
        }),
      );
    }
  }
  list.sort((a, b) => a.date.localeCompare(b.date));
  return { list, count: list.length, at: (index) => list[index]! };
}

function sandboxScript(history: { list: PlaidTransaction[] }, startedAt: number): ScriptedChange[] {
  const latest = (name: string, pending = false): PlaidTransaction | undefined =>
    history.list.filter((t) => t.name === name && t.pending === pending).at(-1);
  const dayOf = (days: number): string => dayString(dayNumber(startedAt + days * DAY_MS));
  const script: ScriptedChange[] = [];
  const at = (days: number, apply: (ledger: TransactionLedger) => void): void => {
    script.push({ at: startedAt + days * DAY_MS, apply });
  };
  const uber = latest('Uber 063015 SF**POOL**', true);
  if (uber) at(1, (ledger) => postPending(ledger, uber, dayOf(1)));
  const payment = latest('CREDIT CARD 3333 PAYMENT *//', true);
  if (payment) at(2, (ledger) => postPending(ledger, payment, dayOf(2)));
  const sparkFun = latest('SparkFun');
  if (sparkFun) {
    const category = {
      primary: 'GENERAL_MERCHANDISE',
      detailed: 'GENERAL_MERCHANDISE_ELECTRONICS',
      confidence_level: 'HIGH',
    };
    const counterparty = {
      name: 'SparkFun',
      type: 'merchant',
      entity_id: null,
      logo_url: null,
      website: 'sparkfun.com',
    };
    at(3, (ledger) =>
      ledger.record('modified', {
        ...sparkFun,
        merchant_name: 'SparkFun',
        website: 'sparkfun.com',
        counterparties: [{ ...counterparty, confidence_level: 'HIGH', phone_number: null }],
        personal_finance_category: category,
      }),
    );
  }
  const refund = history.list.filter((t) => t.name === 'United Airlines' && t.amount < 0).at(-1);
  if (refund) at(4, (ledger) => ledger.record('removed', refund));
  return script;
}

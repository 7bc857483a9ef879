// Test controls over Items' transactions and liabilities, behind PlaidSim's
// methods and /__sim/ (control-api.ts): add a transaction, post a pending one,
// change or remove one, break the next paginated sync page, move a due date.
// Each change lands in the Item's ledger the way Plaid reports it to /transactions/sync.
import { dayNumber, dayString, parseDay } from './calendar-days.js';
import type { ApiContext } from './endpoints.js';
import { postPending } from './item-transactions.js';
import type { LiabilityChange } from './item-liabilities.js';
import { transactionId } from './plaid-ids.js';
import type { Item } from './store.js';
import { transactionBody, type PaymentChannel, type PlaidTransaction } from './transaction-body.js';
import type { TransactionLedger } from './transaction-ledger.js';

export interface NewTransaction {
  name: string;
  /** Positive is money out, negative money in (Plaid's sign). */
  amount: number;
  /** Default: the Item's first depository account. */
  accountId?: string;
  /** YYYY-MM-DD; default today on the simulator's clock. */
  date?: string;
  pending?: boolean;
  merchantName?: string | null;
  /** personal_finance_category primary and detailed; default general merchandise. */
  category?: [string, string];
  paymentChannel?: PaymentChannel;
}

export type TransactionChange = Partial<Pick<PlaidTransaction, 'name' | 'amount' | 'merchant_name' | 'date'>>;

function itemOf(ctx: ApiContext, itemId: string): Item {
  const item = ctx.store.items.get(itemId);
  if (!item || item.state === 'removed') throw new Error(`no item ${itemId}`);
  return item;
}

function ledgerOf(ctx: ApiContext, item: Item): TransactionLedger {
  ctx.transactions.start(item, item.products.includes('transactions') ? item.created_at : ctx.now());
  return ctx.transactions.ledger(item);
}

function located(ctx: ApiContext, id: string): { ledger: TransactionLedger; transaction: PlaidTransaction } {
  const itemId = ctx.transactions.findItemId(id);
  const ledger = itemId === undefined ? undefined : ledgerOf(ctx, itemOf(ctx, itemId));
  const transaction = ledger?.find(id);
  if (!ledger || !transaction) throw new Error(`no transaction ${id}`);
  return { ledger, transaction };
}

export function transactionsOf(ctx: ApiContext, itemId: string): PlaidTransaction[] {
  return ledgerOf(ctx, itemOf(ctx, itemId)).current();
}

export function createTransaction(ctx: ApiContext, itemId: string, input: NewTransaction): PlaidTransaction {
  const item = itemOf(ctx, itemId);
  const account = input.accountId
    ? item.accounts.find((a) => a.account_id === input.accountId)
    : item.accounts.find((a) => a.type === 'depository');
  if (!account) throw new Error(`item ${itemId} has no account ${input.accountId ?? 'of type depository'}`);
  const date = input.date ?? dayString(dayNumber(ctx.now()));
  if (parseDay(date) === undefined) throw new Error(`date ${date} is not YYYY-MM-DD`);
  const [primary, detailed] = input.category ?? [
    'GENERAL_MERCHANDISE',
    'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE',
  ];
  const channel = input.paymentChannel ?? 'in store';
  const spec = {
    name: input.name,
    merchant_name: input.merchantName ?? null,
    amount: input.amount,
    payment_channel: channel,
    transaction_type: channel === 'online' ? 'digital' : channel === 'in store' ? 'place' : 'special',
    category: [primary, detailed, 'HIGH'],
    authorizedDaysEarlier: 0,
  } as const;
  const transaction = transactionBody(spec, {
    transaction_id: transactionId(),
    account_id: account.account_id,
    iso_currency_code: account.balances.iso_currency_code,
    date,
    authorized_date: date,
    pending: input.pending ?? false,
  });
  ledgerOf(ctx, item).record('added', transaction);
  return transaction;
}

/**
 * A pending transaction posts today: the posted one is added (with
 * pending_transaction_id), the pending one removed.
 */
export function postTransaction(ctx: ApiContext, id: string, amount?: number): PlaidTransaction {
  const { ledger, transaction } = located(ctx, id);
  if (!transaction.pending) throw new Error(`transaction ${id} is not pending`);
  return postPending(ledger, transaction, dayString(dayNumber(ctx.now())), amount);
}

export function modifyTransaction(ctx: ApiContext, id: string, change: TransactionChange): PlaidTransaction {
  const { ledger, transaction } = located(ctx, id);
  const modified = { ...transaction, ...change };
  ledger.record('modified', modified);
  return modified;
}

/**
 * Plaid sends the transaction again (as `modified`) with `fields` replaced,
 * e.g. `{amount: null}`: a response that breaks Plaid's spec on purpose, for
 * testing a client's check at its edge. Nothing else the simulator sends does.
 */
export function malformTransaction(ctx: ApiContext, id: string, fields: Record<string, unknown>): PlaidTransaction {
  const { ledger, transaction } = located(ctx, id);
  const malformed = { ...transaction, ...fields } as PlaidTransaction;
  ledger.record('modified', malformed);
  return malformed;
}

export function removeTransaction(ctx: ApiContext, id: string): void {
  const { ledger, transaction } = located(ctx, id);
  ledger.record('removed', transaction);
}

/**
 * The Item's next /transactions/sync call with a has_more cursor answers
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION.
 */
export function failNextSyncPage(ctx: ApiContext, itemId: string): void {
  ledgerOf(ctx, itemOf(ctx, itemId)).failNextPaginatedPage();
}

export function setLiability(ctx: ApiContext, accountId: string, change: LiabilityChange): void {
  const found = ctx.store.findAccount(accountId);
  if (!found) throw new Error(`no account ${accountId}`);
  ctx.liabilities.change(found.account, change);
}

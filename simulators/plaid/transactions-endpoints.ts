// /transactions/sync, /transactions/refresh and /sandbox/transactions/create, as
// Plaid documents them (plaid.com/docs/api/products/transactions, /docs/api/sandbox).
import { dayNumber, dayString, parseDay } from './calendar-days.js';
import type { ApiContext, Handler } from './endpoints.js';
import { accountBody, lookupItem, requireHealthy, requireProduct } from './item-responses.js';
import { PlaidApiError } from './plaid-errors.js';
import { transactionId } from './plaid-ids.js';
import { obj, str, type Body } from './request-fields.js';
import { DYNAMIC_USERNAME } from './sandbox-users.js';
import type { Item } from './store.js';
import { transactionBody } from './transaction-body.js';

/** The most transactions one /sandbox/transactions/create call may add. */
const MAX_CUSTOM_TRANSACTIONS = 10;
/** How far back /sandbox/transactions/create dates may go. */
const CUSTOM_TRANSACTION_DAYS = 14;

/**
 * The Item, healthy and with Transactions, its pull started. `fresh` is true when
 * this call added the product: Plaid has only just begun pulling, so the call sees no data yet.
 */
function transactionsItem(ctx: ApiContext, body: Body): { item: Item; fresh: boolean } {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  requireHealthy(item);
  const fresh = requireProduct(ctx, item, 'transactions');
  ctx.transactions.start(item, fresh ? ctx.now() : item.created_at);
  return { item, fresh };
}

function transactionsSync(ctx: ApiContext, body: Body): Body {
  const { item, fresh } = transactionsItem(ctx, body);
  const accountId = str(obj(body, 'options') ?? {}, 'account_id');
  if (accountId !== undefined && !item.accounts.some((a) => a.account_id === accountId)) {
    throw new PlaidApiError('INVALID_ACCOUNT_ID');
  }
  if (fresh || !ctx.transactions.isReady(item)) {
    // Plaid's documented answer before the first pull ends: no updates and no cursor yet.
    const empty = { added: [], modified: [], removed: [], next_cursor: '', has_more: false };
    return { accounts: [], ...empty, transactions_update_status: 'NOT_READY' };
  }
  // Sync covers depository and credit accounts (investments have their own endpoint).
  const accounts = item.accounts.filter(
    (a) => (a.type === 'depository' || a.type === 'credit') && (accountId === undefined || a.account_id === accountId),
  );
  const count = typeof body.count === 'number' ? body.count : 100;
  const page = ctx.transactions.ledger(item).page(str(body, 'cursor') ?? '', count, accountId);
  return { accounts: accounts.map(accountBody), ...page, transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE' };
}

function transactionsRefresh(ctx: ApiContext, body: Body): Body {
  const { item } = transactionsItem(ctx, body);
  ctx.transactions.refresh(item);
  return {};
}

function invalidCustom(message: string): PlaidApiError {
  return new PlaidApiError('INVALID_FIELD', { message, display: message });
}

function sandboxTransactionsCreate(ctx: ApiContext, body: Body): Body {
  const { item } = transactionsItem(ctx, body);
  if (item.username !== DYNAMIC_USERNAME) {
    throw invalidCustom('This endpoint can only be used with Items created with the user_transactions_dynamic user.');
  }
  const custom = (body.transactions as Body[] | undefined) ?? [];
  if (custom.length > MAX_CUSTOM_TRANSACTIONS) throw invalidCustom('The request contains too many transactions.');
  const today = dayNumber(ctx.now());
  const dated = custom.map((t) => ({
    transacted: parseDay(str(t, 'date_transacted')!),
    posted: parseDay(str(t, 'date_posted')!),
    t,
  }));
  const datesValid = ({ transacted, posted }: { transacted?: number; posted?: number }): boolean =>
    transacted !== undefined &&
    posted !== undefined &&
    transacted >= today - CUSTOM_TRANSACTION_DAYS &&
    transacted <= posted &&
    posted <= today;
  if (!dated.every(datesValid)) {
    throw invalidCustom(
      'Transaction and posted dates must be within the last 14 days. ' +
        'The posted date cannot be before the transaction date.',
    );
  }
  // Plaid applies custom transactions to the Item's depository account only.
  const account = item.accounts.find((a) => a.type === 'depository')!;
  const ledger = ctx.transactions.ledger(item);
  for (const { transacted, posted, t } of dated) {
    const spec = {
      name: str(t, 'description')!,
      merchant_name: null,
      amount: t.amount as number,
      payment_channel: 'other',
      transaction_type: 'special',
      category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE', 'LOW'],
      authorizedDaysEarlier: posted! - transacted!,
    } as const;
    const placement = {
      transaction_id: transactionId(),
      account_id: account.account_id,
      iso_currency_code: str(t, 'iso_currency_code') ?? account.balances.iso_currency_code,
      date: dayString(posted!),
      authorized_date: dayString(transacted!),
      pending: false,
    };
    ledger.record('added', transactionBody(spec, placement));
  }
  return {};
}

export const TRANSACTIONS_HANDLERS: Readonly<Record<string, Handler>> = {
  '/transactions/sync': transactionsSync,
  '/transactions/refresh': transactionsRefresh,
  '/sandbox/transactions/create': sandboxTransactionsCreate,
};

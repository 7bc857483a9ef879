// HTTP controls under /__sim/ so other processes (the demo, browser tests) can
// drive the simulator. Not Plaid endpoints: no credentials, plain JSON answers.
// Nothing here returns access tokens, public tokens or the secret.
//   GET  /__sim/calls                          {calls: CallRecord[]}
//   GET  /__sim/items                          {items: [{item_id, institution_id, state, accounts}]}
//   POST /__sim/complete    {link_token, institution_id?, account_ids?, exit?, username?, password?}
//   POST /__sim/inject      {endpoint, error_code, count? (-1 = until cleared), item_id?}
//   POST /__sim/latency     {endpoint, ms, item_id?}
//   POST /__sim/drop        {endpoint, count?, item_id?}
//   POST /__sim/balance     {account_id, current?, available?, limit?}
//   POST /__sim/adjust      {delta, item_id?, account_id?}
//   POST /__sim/drift       {delta, item_id?, account_id?}
//   POST /__sim/reset_login {item_id}
//   GET  /__sim/transactions?item_id=          {transactions: Transaction[]} (as a full sync would leave them)
//   POST /__sim/transaction_create {item_id, name, amount, account_id?, date?, pending?, merchant_name?,
//                                   category? [primary, detailed], payment_channel?}   {transaction}
//   POST /__sim/transaction_post   {transaction_id, amount?}                           {transaction}
//   POST /__sim/transaction_modify {transaction_id, name?, amount?, merchant_name?, date?} {transaction}
//   POST /__sim/transaction_remove {transaction_id}
//   POST /__sim/transaction_malform {transaction_id, fields} {transaction}  sent again as modified with
//                                             `fields` replaced: off Plaid's spec on purpose
//   POST /__sim/sync_mutation      {item_id}  the next paged /transactions/sync answers
//                                             TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION
//   POST /__sim/liability {account_id, next_payment_due_date?, due_in_days?, is_overdue?}
//   POST /__sim/clear_faults
//   POST /__sim/reset
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText } from './hosted-link-page.js';
import type { PlaidSim } from './plaid-server.js';
import type { PaymentChannel } from './transaction-body.js';

type Body = Record<string, unknown>;

class ControlError extends Error {}

function need<T>(value: unknown, check: (v: unknown) => v is T, name: string): T {
  if (!check(value)) throw new ControlError(`${name} is missing or of the wrong type`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isCategory = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every(isString);
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const isChannel = (v: unknown): v is PaymentChannel => v === 'online' || v === 'in store' || v === 'other';
const optional = <T>(v: unknown, check: (v: unknown) => v is T, name: string): T | undefined =>
  v === undefined ? undefined : need(v, check, name);
const optString = (v: unknown, name: string): string | undefined =>
  v === undefined ? undefined : need(v, isString, name);
const optNumber = (v: unknown, name: string): number | undefined =>
  v === undefined ? undefined : need(v, isNumber, name);

function balanceValue(v: unknown, name: string): number | null | undefined {
  return v === null ? null : optNumber(v, name);
}

function count(v: unknown): number {
  const n = optNumber(v, 'count') ?? 1;
  return n === -1 ? Infinity : n;
}

function itemScope(body: Body): { itemId?: string } {
  const itemId = optString(body.item_id, 'item_id');
  return itemId === undefined ? {} : { itemId };
}

function balanceScope(body: Body): { itemId?: string; accountId?: string } {
  const accountId = optString(body.account_id, 'account_id');
  return { ...itemScope(body), ...(accountId === undefined ? {} : { accountId }) };
}

function run(sim: PlaidSim, action: string, body: Body): Body {
  switch (action) {
    case 'complete': {
      const accountIds =
        body.account_ids === undefined
          ? undefined
          : need(body.account_ids, (v): v is string[] => Array.isArray(v) && v.every(isString), 'account_ids');
      sim.completeSession(need(body.link_token, isString, 'link_token'), {
        institutionId: optString(body.institution_id, 'institution_id'),
        accountIds,
        exit: body.exit === true,
        username: optString(body.username, 'username'),
        password: optString(body.password, 'password'),
      });
      return {};
    }
    case 'inject':
      sim.injectError(
        need(body.endpoint, isString, 'endpoint'),
        need(body.error_code, isString, 'error_code'),
        count(body.count),
        itemScope(body),
      );
      return {};
    case 'latency':
      sim.setLatency(need(body.endpoint, isString, 'endpoint'), need(body.ms, isNumber, 'ms'), itemScope(body));
      return {};
    case 'drop':
      sim.dropConnections(need(body.endpoint, isString, 'endpoint'), count(body.count), itemScope(body));
      return {};
    case 'balance': {
      const update: { current?: number | null; available?: number | null; limit?: number | null } = {};
      for (const key of ['current', 'available', 'limit'] as const) {
        const value = balanceValue(body[key], key);
        if (value !== undefined) update[key] = value;
      }
      sim.setBalance(need(body.account_id, isString, 'account_id'), update);
      return {};
    }
    case 'adjust':
      sim.adjustBalances(need(body.delta, isNumber, 'delta'), balanceScope(body));
      return {};
    case 'drift':
      sim.setBalanceDrift(need(body.delta, isNumber, 'delta'), balanceScope(body));
      return {};
    case 'reset_login':
      sim.resetLogin(need(body.item_id, isString, 'item_id'));
      return {};
    case 'transaction_create': {
      const merchantName = body.merchant_name === null ? null : optString(body.merchant_name, 'merchant_name');
      const transaction = sim.createTransaction(need(body.item_id, isString, 'item_id'), {
        name: need(body.name, isString, 'name'),
        amount: need(body.amount, isNumber, 'amount'),
        accountId: optString(body.account_id, 'account_id'),
        date: optString(body.date, 'date'),
        pending: optional(body.pending, isBoolean, 'pending'),
        merchantName,
        category: optional(body.category, isCategory, 'category'),
        paymentChannel: optional(body.payment_channel, isChannel, 'payment_channel'),
      });
      return { transaction };
    }
    case 'transaction_post':
      return {
        transaction: sim.postTransaction(
          need(body.transaction_id, isString, 'transaction_id'),
          optNumber(body.amount, 'amount'),
        ),
      };
    case 'transaction_modify': {
      const change = {
        name: optString(body.name, 'name'),
        amount: optNumber(body.amount, 'amount'),
        merchant_name: body.merchant_name === null ? null : optString(body.merchant_name, 'merchant_name'),
        date: optString(body.date, 'date'),
      };
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
      return { transaction: sim.modifyTransaction(need(body.transaction_id, isString, 'transaction_id'), defined) };
    }
    case 'transaction_malform': {
      const fields = need(body.fields, isObject, 'fields');
      return { transaction: sim.malformTransaction(need(body.transaction_id, isString, 'transaction_id'), fields) };
    }
    case 'transaction_remove':
      sim.removeTransaction(need(body.transaction_id, isString, 'transaction_id'));
      return {};
    case 'sync_mutation':
      sim.failNextSyncPage(need(body.item_id, isString, 'item_id'));
      return {};
    case 'liability':
      sim.setLiability(need(body.account_id, isString, 'account_id'), {
        nextPaymentDueDate: optString(body.next_payment_due_date, 'next_payment_due_date'),
        dueInDays: optNumber(body.due_in_days, 'due_in_days'),
        isOverdue: optional(body.is_overdue, isBoolean, 'is_overdue'),
      });
      return {};
    case 'clear_faults':
      sim.clearFaults();
      return {};
    case 'reset':
      sim.reset();
      return {};
    default:
      throw new ControlError(`unknown control ${action}`);
  }
}

function reply(res: ServerResponse, status: number, body: Body): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function handleControl(sim: PlaidSim, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const action = url.pathname.slice('/__sim/'.length);
  if (req.method === 'GET' && action === 'calls') {
    reply(res, 200, { calls: sim.calls });
    return;
  }
  if (req.method === 'GET' && action === 'transactions') {
    try {
      reply(res, 200, { transactions: sim.transactions(need(url.searchParams.get('item_id'), isString, 'item_id')) });
    } catch (err) {
      reply(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  if (req.method === 'GET' && action === 'items') {
    const items = sim.items().map((item) => {
      const shown: Partial<typeof item> = { ...item };
      delete shown.access_token;
      return shown;
    });
    reply(res, 200, { items });
    return;
  }
  if (req.method !== 'POST') {
    reply(res, 405, { error: `${req.method ?? ''} ${url.pathname} is not a control` });
    return;
  }
  try {
    const text = await readText(req);
    const body: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ControlError('body must be a JSON object');
    reply(res, 200, { ok: true, ...run(sim, action, body as Body) });
  } catch (err) {
    reply(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

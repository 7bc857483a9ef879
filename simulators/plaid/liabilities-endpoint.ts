// /liabilities/get as Plaid answers it (plaid.com/docs/api/products/liabilities):
// the Item's accounts, the Item, and its credit card, student loan and mortgage details.
import type { ApiContext, Handler } from './endpoints.js';
import { liabilitySubtype } from './item-liabilities.js';
import { accountBody, itemBody, lookupItem, requireHealthy, requireProduct } from './item-responses.js';
import { PlaidApiError } from './plaid-errors.js';
import { obj, str, strings, type Body } from './request-fields.js';

function liabilitiesGet(ctx: ApiContext, body: Body): Body {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  requireHealthy(item);
  requireProduct(ctx, item, 'liabilities');
  const wanted = strings(obj(body, 'options')?.account_ids);
  if (wanted?.some((id) => !item.accounts.some((a) => a.account_id === id))) {
    throw new PlaidApiError('INVALID_ACCOUNT_ID');
  }
  if (!item.accounts.some((a) => liabilitySubtype(a) !== undefined)) throw new PlaidApiError('NO_LIABILITY_ACCOUNTS');
  const accounts = wanted ? item.accounts.filter((a) => wanted.includes(a.account_id)) : item.accounts;
  return {
    accounts: accounts.map(accountBody),
    item: itemBody(ctx, item),
    liabilities: ctx.liabilities.liabilities(item, wanted),
  };
}

export const LIABILITIES_HANDLERS: Readonly<Record<string, Handler>> = {
  '/liabilities/get': liabilitiesGet,
};

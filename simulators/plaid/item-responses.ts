// The Item an access token names, the Item and account objects Plaid returns
// about it, and whether an Item may be asked for a product's data.
import type { ApiContext } from './endpoints.js';
import { PlaidApiError, plaidErrorBody } from './plaid-errors.js';
import { str, type Body } from './request-fields.js';
import type { Account, Item } from './store.js';

/** The item an access token names, or the error Plaid gives for it. Does not check item health. */
export function lookupItem(ctx: ApiContext, accessToken: string): Item {
  if (!/^access-[a-z]+-.+/.test(accessToken)) {
    throw new PlaidApiError('INVALID_ACCESS_TOKEN', {
      message: 'provided access token is in an invalid format. expected format: access-<environment>-<identifier>',
    });
  }
  if (!accessToken.startsWith('access-sandbox-')) {
    throw new PlaidApiError('INVALID_ACCESS_TOKEN', {
      message: 'provided access token is for a different environment. this environment is sandbox',
    });
  }
  const item = ctx.store.itemsByAccessToken.get(accessToken);
  if (!item) throw new PlaidApiError('INVALID_ACCESS_TOKEN');
  if (item.state === 'removed') throw new PlaidApiError(ctx.removedItemError);
  return item;
}

/** For the call log and item-scoped faults: the item a request is about, if it names one. */
export function itemIdForRequest(ctx: ApiContext, body: Body): string | undefined {
  const access = str(body, 'access_token');
  if (access) return ctx.store.itemsByAccessToken.get(access)?.item_id;
  const pub = str(body, 'public_token');
  if (pub) return ctx.store.publicTokens.get(pub)?.item_id;
  const link = str(body, 'link_token');
  if (link) return ctx.store.linkTokens.get(link)?.update_item_id ?? undefined;
  return undefined;
}

export function requireHealthy(item: Item): void {
  if (item.state === 'login_required') throw new PlaidApiError('ITEM_LOGIN_REQUIRED');
}

function itemError(item: Item): Body | null {
  return item.state === 'login_required' ? { ...plaidErrorBody('ITEM_LOGIN_REQUIRED') } : null;
}

export function itemBody(ctx: ApiContext, item: Item): Body {
  const inst = ctx.institutions.get(item.institution_id);
  const billed = item.products;
  return {
    item_id: item.item_id,
    institution_id: item.institution_id,
    institution_name: item.institution_name,
    webhook: item.webhook,
    auth_method: null,
    error: itemError(item),
    available_products: (inst?.products ?? []).filter((p) => !billed.includes(p)),
    billed_products: billed,
    products: billed,
    consented_products: item.consented_products,
    consent_expiration_time: null,
    update_type: 'background',
  };
}

export function accountBody(account: Account): Body {
  return {
    account_id: account.account_id,
    balances: { ...account.balances, last_updated_datetime: null },
    mask: account.mask,
    name: account.name,
    official_name: account.official_name,
    type: account.type,
    subtype: account.subtype,
    holder_category: 'personal',
    ...(account.persistent_account_id ? { persistent_account_id: account.persistent_account_id } : {}),
  };
}

const PRODUCT_NAMES: Record<string, string> = { transactions: 'Transactions', liabilities: 'Liabilities' };

/**
 * Lets a product endpoint read `product` for the Item, as Plaid decides: the institution
 * must offer it (else PRODUCTS_NOT_SUPPORTED), the user must have consented to it at
 * Link (else ADDITIONAL_CONSENT_REQUIRED), and the first call adds it to the Item's
 * billed products when Link did not. Returns whether this call added it.
 */
export function requireProduct(ctx: ApiContext, item: Item, product: string): boolean {
  const inst = ctx.institutions.get(item.institution_id);
  if (inst && !inst.products.includes(product)) {
    throw new PlaidApiError('PRODUCTS_NOT_SUPPORTED', { vars: { products: PRODUCT_NAMES[product] ?? product } });
  }
  if (!item.consented_products.includes(product)) {
    throw new PlaidApiError('ADDITIONAL_CONSENT_REQUIRED', { vars: { product: `PRODUCT_${product.toUpperCase()}` } });
  }
  if (item.products.includes(product)) return false;
  item.products = [...item.products, product];
  return true;
}

// The Plaid endpoints the simulator serves. Each handler gets a request body
// that already passed credential and schema checks, and returns the response
// body without request_id (the server adds it) or throws a PlaidApiError.
// Link, Item and balance endpoints are here; transactions-endpoints.ts and
// liabilities-endpoint.ts add theirs to HANDLERS.
// Over 300 lines: one small handler per Plaid endpoint of Link and Items.
import { randomUUID } from 'node:crypto';
import { PlaidApiError } from './plaid-errors.js';
import type { InstitutionDef } from './institutions.js';
import type { LinkFlow } from './hosted-link-steps.js';
import { accountBody, itemBody, lookupItem, requireHealthy } from './item-responses.js';
import type { ItemLiabilities } from './item-liabilities.js';
import type { ItemTransactions } from './item-transactions.js';
import { LIABILITIES_HANDLERS } from './liabilities-endpoint.js';
import { iso, obj, str, strings, type Body } from './request-fields.js';
import { SANDBOX_PASSWORD, SANDBOX_USERNAME, sandboxAccountTemplates, sandboxLoginValid } from './sandbox-users.js';
import {
  LINK_TOKEN_TTL_MS,
  PUBLIC_TOKEN_TTL_MS,
  SHORT_LINK_TOKEN_TTL_MS,
  accountsFromTemplates,
  type Item,
  type LinkSession,
  type LinkTokenRecord,
  type Store,
} from './store.js';
import { TRANSACTIONS_HANDLERS } from './transactions-endpoints.js';

export type RemovedItemError = 'INVALID_ACCESS_TOKEN' | 'ITEM_NOT_FOUND';

export interface BalanceDrift {
  delta: number;
  itemId?: string;
  accountId?: string;
}

export interface ApiContext {
  store: Store;
  flow: LinkFlow;
  institutions: ReadonlyMap<string, InstitutionDef>;
  now: () => number;
  baseUrl: () => string;
  removedItemError: RemovedItemError;
  drifts: BalanceDrift[];
  transactions: ItemTransactions;
  liabilities: ItemLiabilities;
}

export type Handler = (ctx: ApiContext, body: Body) => Body;

/** Languages Link is offered in. */
const LINK_LANGUAGES = [
  'da',
  'nl',
  'en',
  'et',
  'fr',
  'de',
  'hi',
  'it',
  'lv',
  'lt',
  'no',
  'pl',
  'pt',
  'ro',
  'es',
  'sv',
  'vi',
  'ja',
];

function applyDrift(ctx: ApiContext, item: Item): void {
  for (const drift of ctx.drifts) {
    if (drift.itemId !== undefined && drift.itemId !== item.item_id) continue;
    for (const account of item.accounts) {
      if (drift.accountId !== undefined && drift.accountId !== account.account_id) continue;
      const b = account.balances;
      const round = (n: number): number => Math.round(n * 100) / 100;
      if (b.current !== null) b.current = round(b.current + drift.delta);
      if (b.available !== null)
        b.available = round(b.available + (account.type === 'credit' ? -drift.delta : drift.delta));
    }
  }
}

function accountsResponse(ctx: ApiContext, body: Body): Body {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  requireHealthy(item);
  const wanted = strings(obj(body, 'options')?.account_ids);
  if (wanted) {
    const unknown = wanted.filter((id) => !item.accounts.some((a) => a.account_id === id));
    if (unknown.length > 0) throw new PlaidApiError('INVALID_ACCOUNT_ID');
  }
  applyDrift(ctx, item);
  const accounts = wanted ? item.accounts.filter((a) => wanted.includes(a.account_id)) : item.accounts;
  return { accounts: accounts.map(accountBody), item: itemBody(ctx, item) };
}

function linkTokenCreate(ctx: ApiContext, body: Body): Body {
  const language = str(body, 'language')!;
  if (!LINK_LANGUAGES.includes(language)) {
    throw new PlaidApiError('INVALID_FIELD', {
      vars: { detail: `language must be one of: ${LINK_LANGUAGES.join(', ')}` },
    });
  }
  const accessToken = str(body, 'access_token');
  const products = strings(body.products) ?? [];
  const updateItem = accessToken ? lookupItem(ctx, accessToken) : undefined;
  if (!updateItem && products.length === 0) {
    throw new PlaidApiError('MISSING_FIELDS', { vars: { fields: 'products' } });
  }
  const optionalProducts = strings(body.optional_products) ?? [];
  const additionalConsented = strings(body.additional_consented_products) ?? [];
  requireNoOverlap({
    products,
    required_if_supported_products: strings(body.required_if_supported_products) ?? [],
    optional_products: optionalProducts,
    additional_consented_products: additionalConsented,
  });
  const countryCodes = strings(body.country_codes)!;
  if (updateItem) {
    const inst = ctx.institutions.get(updateItem.institution_id);
    if (inst && !inst.country_codes.some((c) => countryCodes.includes(c))) {
      throw new PlaidApiError('INVALID_FIELD', {
        vars: { detail: `country_codes must include the item's country (${inst.country_codes.join(', ')})` },
      });
    }
  }
  const hosted = obj(body, 'hosted_link');
  const lifetime = hosted?.url_lifetime_seconds;
  if (lifetime !== undefined && (typeof lifetime !== 'number' || lifetime <= 0 || lifetime > 21 * 86_400)) {
    throw new PlaidApiError('INVALID_FIELD', {
      vars: { detail: 'hosted_link.url_lifetime_seconds must be positive and at most 21 days' },
    });
  }
  const created = ctx.now();
  const ttl = hosted
    ? typeof lifetime === 'number'
      ? lifetime * 1000
      : SHORT_LINK_TOKEN_TTL_MS
    : updateItem
      ? SHORT_LINK_TOKEN_TTL_MS
      : LINK_TOKEN_TTL_MS;
  const uuid = randomUUID();
  const completion = hosted ? str(hosted, 'completion_redirect_uri') : undefined;
  const record: LinkTokenRecord = {
    link_token: `link-sandbox-${uuid}`,
    hosted_id: uuid,
    created_at: created,
    expiration: created + ttl,
    client_name: str(body, 'client_name')!,
    language,
    country_codes: countryCodes,
    products: updateItem ? updateItem.products : products,
    optional_products: optionalProducts,
    additional_consented_products: additionalConsented,
    days_requested: daysRequested(obj(body, 'transactions')),
    webhook: str(body, 'webhook') ?? null,
    redirect_uri: str(body, 'redirect_uri') ?? null,
    hosted: hosted !== undefined,
    completion_redirect_uri: completion ?? null,
    update_item_id: updateItem?.item_id ?? null,
    account_selection_enabled: obj(body, 'update')?.account_selection_enabled === true,
    sessions: [],
  };
  ctx.store.addLinkToken(record);
  return {
    link_token: record.link_token,
    expiration: iso(record.expiration),
    ...(record.hosted ? { hosted_link_url: hostedLinkUrl(ctx.baseUrl(), record) } : {}),
  };
}

/**
 * The spec's descriptions of /link/token/create: "There should be no overlap between this array and
 * the `products`, … arrays" for each of the four. Plaid names no error code for it; INVALID_FIELD is
 * its answer to a field it refuses.
 */
function requireNoOverlap(lists: Record<string, string[]>): void {
  const entries = Object.entries(lists);
  for (const [i, [name, list]] of entries.entries()) {
    for (const [other, otherList] of entries.slice(i + 1)) {
      const both = list.filter((p) => otherList.includes(p));
      if (both.length > 0) {
        throw new PlaidApiError('INVALID_FIELD', {
          vars: { detail: `${name} and ${other} must not overlap (both list ${both.join(', ')})` },
        });
      }
    }
  }
}

/** Where the Hosted Link page of a link token is served (./hosted-link-page.ts). */
export function hostedLinkUrl(baseUrl: string, record: LinkTokenRecord): string {
  return `${baseUrl}/hl/${record.hosted_id}`;
}

function sessionBody(ctx: ApiContext, session: LinkSession): Body {
  const inst = ctx.flow.institution(session.institution_id);
  const institution = inst ? { name: inst.name, institution_id: inst.institution_id } : null;
  const out: Body = {
    link_session_id: session.link_session_id,
    started_at: iso(session.started_at),
    finished_at: session.finished_at === null ? null : iso(session.finished_at),
    events: session.events.map((e) => ({ ...e, event_metadata: { ...e.event_metadata } })),
  };
  if (session.outcome === 'success') {
    const add = session.item_add;
    const item = add ? ctx.store.items.get(add.item_id) : undefined;
    out.results = {
      item_add_results:
        add && item
          ? [
              {
                public_token: add.public_token,
                accounts: item.accounts
                  .filter((a) => add.account_ids.includes(a.account_id))
                  .map((a) => ({
                    id: a.account_id,
                    name: a.name,
                    mask: a.mask,
                    type: a.type,
                    subtype: a.subtype,
                    verification_status: null,
                    class_type: null,
                  })),
                institution,
              },
            ]
          : [],
      cra_item_add_results: [],
      cra_update_results: [],
      bank_income_results: [],
      payroll_income_results: [],
      document_income_results: null,
    };
  } else if (session.outcome === 'exit') {
    out.exit = {
      error: session.exit_error ?? null,
      metadata: {
        institution,
        status: ctx.flow.exitStatus(session),
        link_session_id: session.link_session_id,
        request_id: session.events.at(-1)?.event_metadata.request_id ?? '',
      },
    };
  }
  return out;
}

function linkTokenGet(ctx: ApiContext, body: Body): Body {
  const token = ctx.store.linkTokens.get(str(body, 'link_token')!);
  if (!token) throw new PlaidApiError('INVALID_LINK_TOKEN');
  return {
    link_token: token.link_token,
    created_at: iso(token.created_at),
    expiration: iso(token.expiration),
    link_sessions: token.sessions.map((s) => sessionBody(ctx, s)),
    metadata: {
      initial_products: token.update_item_id ? [] : token.products,
      webhook: token.webhook,
      country_codes: token.country_codes,
      language: token.language,
      redirect_uri: token.redirect_uri,
      client_name: token.client_name,
    },
  };
}

function publicTokenExchange(ctx: ApiContext, body: Body): Body {
  const token = str(body, 'public_token')!;
  if (!/^public-[a-z]+-.+/.test(token)) {
    throw new PlaidApiError('INVALID_PUBLIC_TOKEN', {
      message: 'provided public token is in an invalid format. expected format: public-<environment>-<identifier>',
    });
  }
  const record = ctx.store.publicTokens.get(token);
  if (!record || record.used) throw new PlaidApiError('INVALID_PUBLIC_TOKEN');
  if (ctx.now() - record.created_at >= PUBLIC_TOKEN_TTL_MS) {
    throw new PlaidApiError('INVALID_PUBLIC_TOKEN', {
      message:
        'provided public token is expired. Public tokens expire 30 minutes after creation at which point they ' +
        'can no longer be exchanged',
    });
  }
  const item = ctx.store.items.get(record.item_id);
  if (!item || item.state === 'removed') throw new PlaidApiError('INVALID_PUBLIC_TOKEN');
  record.used = true;
  return { access_token: item.access_token, item_id: item.item_id };
}

function itemGet(ctx: ApiContext, body: Body): Body {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  return {
    item: {
      ...itemBody(ctx, item),
      created_at: iso(item.created_at),
      consented_use_cases: [],
      consented_data_scopes: ['account_balance_info'],
    },
    status: { investments: null, transactions: null, last_webhook: null },
  };
}

function itemRemove(ctx: ApiContext, body: Body): Body {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  item.state = 'removed';
  return {};
}

function institutionBody(inst: InstitutionDef, options: Body | undefined, now: number): Body {
  const out: Body = {
    institution_id: inst.institution_id,
    name: inst.name,
    products: inst.products,
    country_codes: inst.country_codes,
    routing_numbers: inst.routing_numbers,
    dtc_numbers: [],
    oauth: inst.oauth,
  };
  if (options?.include_optional_metadata === true) {
    out.url = inst.url;
    out.primary_color = inst.primary_color;
    out.logo = null;
  }
  if (options?.include_status === true) {
    const healthy = {
      status: 'HEALTHY',
      last_status_change: iso(now - 86_400_000),
      breakdown: { success: 0.99, error_plaid: 0.005, error_institution: 0.005 },
    };
    out.status = {
      item_logins: healthy,
      transactions_updates: { ...healthy, breakdown: { ...healthy.breakdown, refresh_interval: 'NORMAL' } },
      auth: healthy,
      identity: healthy,
      health_incidents: [],
    };
  }
  return out;
}

function institutionsGetById(ctx: ApiContext, body: Body): Body {
  const inst = ctx.institutions.get(str(body, 'institution_id')!);
  const countries = strings(body.country_codes) ?? [];
  if (!inst || !inst.country_codes.some((c) => countries.includes(c))) {
    throw new PlaidApiError('INVALID_INSTITUTION');
  }
  return { institution: institutionBody(inst, obj(body, 'options'), ctx.now()) };
}

function daysRequested(transactions: Body | undefined): number | null {
  const days = transactions?.days_requested;
  return typeof days === 'number' ? days : null;
}

function sandboxPublicTokenCreate(ctx: ApiContext, body: Body): Body {
  const inst = ctx.institutions.get(str(body, 'institution_id')!);
  if (!inst) throw new PlaidApiError('INVALID_INSTITUTION');
  const options = obj(body, 'options');
  const username = (options && str(options, 'override_username')) ?? SANDBOX_USERNAME;
  const password = (options && str(options, 'override_password')) ?? SANDBOX_PASSWORD;
  if (!sandboxLoginValid(username, password)) throw new PlaidApiError('INVALID_CREDENTIALS');
  const products = strings(body.initial_products)!;
  const item = ctx.store.createItem(inst, accountsFromTemplates(sandboxAccountTemplates(username, inst), inst), {
    products,
    consentedProducts: [],
    webhook: (options && str(options, 'webhook')) ?? null,
    username,
    daysRequested: daysRequested(options && obj(options, 'transactions')),
  });
  return { public_token: ctx.store.createPublicToken(item).token };
}

function sandboxItemResetLogin(ctx: ApiContext, body: Body): Body {
  const item = lookupItem(ctx, str(body, 'access_token')!);
  item.state = 'login_required';
  return { reset_login: true };
}

export const HANDLERS: Readonly<Record<string, Handler>> = {
  '/link/token/create': linkTokenCreate,
  '/link/token/get': linkTokenGet,
  '/item/public_token/exchange': publicTokenExchange,
  '/accounts/get': accountsResponse,
  '/accounts/balance/get': accountsResponse,
  '/item/get': itemGet,
  '/item/remove': itemRemove,
  '/institutions/get_by_id': institutionsGetById,
  '/sandbox/public_token/create': sandboxPublicTokenCreate,
  '/sandbox/item/reset_login': sandboxItemResetLogin,
  ...TRANSACTIONS_HANDLERS,
  ...LIABILITIES_HANDLERS,
};

/** Fields Plaid requires although the spec marks them optional. */
export const EXTRA_REQUIRED: Readonly<Record<string, string[]>> = {
  '/link/token/create': ['user'],
};

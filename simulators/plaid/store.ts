// The simulator's world: items, their accounts, and the tokens and Link sessions
// that lead to them. Plain data plus the rules Plaid applies to it (token
// lifetimes, single-use public tokens, update mode); no HTTP here.
import * as ids from './plaid-ids.js';
import type { AccountTemplate, AccountType, InstitutionDef } from './institutions.js';
import type { PlaidErrorBody } from './plaid-errors.js';

export const PUBLIC_TOKEN_TTL_MS = 30 * 60_000;
export const LINK_TOKEN_TTL_MS = 4 * 60 * 60_000;
/** Update-mode tokens and Hosted Link URLs (without Link Delivery) last 30 minutes. */
export const SHORT_LINK_TOKEN_TTL_MS = 30 * 60_000;

export interface Balances {
  available: number | null;
  current: number | null;
  limit: number | null;
  iso_currency_code: string | null;
  unofficial_currency_code: string | null;
}

export interface Account {
  account_id: string;
  persistent_account_id?: string;
  name: string;
  official_name: string | null;
  type: AccountType;
  subtype: string;
  mask: string | null;
  balances: Balances;
}

export type ItemState = 'good' | 'login_required' | 'removed';

export interface Item {
  item_id: string;
  access_token: string;
  institution_id: string;
  institution_name: string;
  accounts: Account[];
  /** Billed products: those Link initialized, plus any a product endpoint added later. */
  products: string[];
  /** What the user agreed to share: products plus additional_consented_products. */
  consented_products: string[];
  webhook: string | null;
  created_at: number;
  state: ItemState;
  /** The Sandbox test user that logged in (user_good, user_transactions_dynamic); it decides the data. */
  username: string;
  /** Days of transaction history the Item asked for (transactions.days_requested), when it said. */
  days_requested: number | null;
}

/** What Link (or /sandbox/public_token/create) knows about an Item it is about to create. */
export interface NewItem {
  products: string[];
  consentedProducts: string[];
  webhook: string | null;
  username: string;
  daysRequested: number | null;
}

export interface PublicTokenRecord {
  token: string;
  item_id: string;
  created_at: number;
  used: boolean;
}

export interface LinkEventRecord {
  event_id: string;
  event_name: string;
  timestamp: string;
  event_metadata: Record<string, string>;
}

export type HostedStep = 'select_institution' | 'credentials' | 'accounts' | 'done';

export interface LinkSession {
  link_session_id: string;
  started_at: number;
  finished_at: number | null;
  events: LinkEventRecord[];
  outcome: 'open' | 'success' | 'exit';
  /** Where the Hosted Link page is for this session. */
  step: HostedStep;
  institution_id?: string;
  /** Shown on the page: a failed login or an empty account choice. */
  page_error?: string;
  /** Accounts offered on the account-select pane, created once credentials pass. */
  offered_accounts?: Account[];
  /** The Sandbox user whose login passed, once it has. */
  username?: string;
  item_add?: { public_token: string; item_id: string; account_ids: string[] };
  exit_error?: PlaidErrorBody | null;
}

export interface LinkTokenRecord {
  link_token: string;
  hosted_id: string;
  created_at: number;
  expiration: number;
  client_name: string;
  language: string;
  country_codes: string[];
  products: string[];
  /** Initialized where the chosen institution offers them; the Item links without them elsewhere. */
  optional_products: string[];
  additional_consented_products: string[];
  /** transactions.days_requested from /link/token/create. */
  days_requested: number | null;
  webhook: string | null;
  redirect_uri: string | null;
  hosted: boolean;
  completion_redirect_uri: string | null;
  update_item_id: string | null;
  account_selection_enabled: boolean;
  sessions: LinkSession[];
}

export function accountsFromTemplates(templates: AccountTemplate[], inst: InstitutionDef): Account[] {
  return templates.map((t) => {
    const account: Account = {
      account_id: ids.accountId(),
      name: t.name,
      official_name: t.official_name,
      type: t.type,
      subtype: t.subtype,
      mask: t.mask,
      balances: {
        available: t.available,
        current: t.current,
        limit: t.limit,
        iso_currency_code: t.unofficial_currency_code ? null : (t.iso_currency_code ?? inst.currency),
        unofficial_currency_code: t.unofficial_currency_code ?? null,
      },
    };
    if (inst.persistent_account_ids) account.persistent_account_id = ids.accountId().toLowerCase();
    return account;
  });
}

export class Store {
  readonly items = new Map<string, Item>();
  readonly itemsByAccessToken = new Map<string, Item>();
  readonly publicTokens = new Map<string, PublicTokenRecord>();
  readonly linkTokens = new Map<string, LinkTokenRecord>();
  readonly linkTokensByHostedId = new Map<string, LinkTokenRecord>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.items.clear();
    this.itemsByAccessToken.clear();
    this.publicTokens.clear();
    this.linkTokens.clear();
    this.linkTokensByHostedId.clear();
  }

  createItem(inst: InstitutionDef, accounts: Account[], init: NewItem): Item {
    const item: Item = {
      item_id: ids.itemId(),
      access_token: ids.accessToken(),
      institution_id: inst.institution_id,
      institution_name: inst.name,
      accounts,
      products: init.products,
      consented_products: [...new Set([...init.products, ...init.consentedProducts])],
      webhook: init.webhook,
      created_at: this.now(),
      state: 'good',
      username: init.username,
      days_requested: init.daysRequested,
    };
    this.items.set(item.item_id, item);
    this.itemsByAccessToken.set(item.access_token, item);
    return item;
  }

  /** A public token for an item that is not reachable yet: exchange makes the access token usable. */
  createPublicToken(item: Item): PublicTokenRecord {
    const record: PublicTokenRecord = {
      token: ids.publicToken(),
      item_id: item.item_id,
      created_at: this.now(),
      used: false,
    };
    this.publicTokens.set(record.token, record);
    return record;
  }

  findAccount(accountId: string): { item: Item; account: Account } | undefined {
    for (const item of this.items.values()) {
      const account = item.accounts.find((a) => a.account_id === accountId);
      if (account) return { item, account };
    }
    return undefined;
  }

  addLinkToken(record: LinkTokenRecord): void {
    this.linkTokens.set(record.link_token, record);
    this.linkTokensByHostedId.set(record.hosted_id, record);
  }

  addEvent(session: LinkSession, event_name: string, metadata: Record<string, string> = {}): void {
    session.events.push({
      event_id: ids.eventId(),
      event_name,
      timestamp: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      event_metadata: { request_id: ids.requestId(), ...metadata },
    });
  }

  openSession(token: LinkTokenRecord, updateItem: Item | undefined): LinkSession {
    const session: LinkSession = {
      link_session_id: ids.linkSessionId(),
      started_at: this.now(),
      finished_at: null,
      events: [],
      outcome: 'open',
      step: updateItem ? 'credentials' : 'select_institution',
      institution_id: updateItem?.institution_id,
    };
    token.sessions.push(session);
    this.addEvent(session, 'OPEN');
    this.addEvent(session, 'TRANSITION_VIEW', { view_name: updateItem ? 'CREDENTIAL' : 'SELECT_INSTITUTION' });
    return session;
  }
}

// A Plaid API simulator on a real HTTP port, for the real `plaid` SDK:
//   new Configuration({ basePath: sim.url, baseOptions: { headers: {
//     'PLAID-CLIENT-ID': sim.clientId, 'PLAID-SECRET': sim.secret } } })
// Serves the Plaid endpoints in endpoints.ts (with transactions-endpoints.ts and
// liabilities-endpoint.ts), the Hosted Link page under /hl/, and test controls
// under /__sim/ (control-api.ts; transactions and liabilities: transaction-controls.ts).
// Over 300 lines: the HTTP edge (credentials, schema checks against Plaid's
// OpenAPI spec, errors) and the Items it keeps are one object the tests drive.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControl } from './control-api.js';
import {
  EXTRA_REQUIRED,
  HANDLERS,
  hostedLinkUrl,
  type ApiContext,
  type BalanceDrift,
  type RemovedItemError,
} from './endpoints.js';
import { ItemLiabilities, type LiabilityChange } from './item-liabilities.js';
import { itemIdForRequest } from './item-responses.js';
import { ItemTransactions, type TransactionsOptions } from './item-transactions.js';
import { PlaidApiError, isKnownErrorCode, resolveErrorCode } from './plaid-errors.js';
import { Faults, type FaultScope } from './faults.js';
import { HostedLinkPage, readText } from './hosted-link-page.js';
import * as ids from './plaid-ids.js';
import { SANDBOX_INSTITUTIONS, type InstitutionDef } from './institutions.js';
import { LinkFlow } from './hosted-link-steps.js';
import { SANDBOX_PASSWORD, SANDBOX_USERNAME } from './sandbox-users.js';
import { validateRequestBody } from './request-validation.js';
import { FAVICON_PATH, serveFavicon } from './favicon.js';
import { loadPlaidSpec } from './spec-validator.js';
import { Store, type Account, type ItemState } from './store.js';
import type { PlaidTransaction } from './transaction-body.js';
import * as controls from './transaction-controls.js';

export interface PlaidSimOptions {
  port?: number;
  host?: string;
  clientId?: string;
  secret?: string;
  /** Clock for token expiry and timestamps (ms since epoch). */
  now?: () => number;
  /** Institutions added to Plaid's Sandbox ones (or replacing one with the same id). */
  institutions?: InstitutionDef[];
  /** What a removed item's access token gets; Plaid's docs name both. Default INVALID_ACCESS_TOKEN. */
  removedItemError?: RemovedItemError;
  /** Sees every Plaid API response (not /__sim/ or /hl/), e.g. to validate it against the spec. */
  onResponse?: (response: SimResponse) => void;
  /**
   * Added delay per endpoint from the start (`'*'` for all), e.g. `{'/link/token/create': 4000}`; same as setLatency().
   */
  latency?: Record<string, number>;
  /** History window, initial-pull delay and the large generated history (see item-transactions.ts). */
  transactions?: TransactionsOptions;
}

export interface SimResponse {
  endpoint: string;
  status: number;
  body: Record<string, unknown>;
}

export interface CallRecord {
  seq: number;
  endpoint: string;
  /** ms since epoch, from the sim's clock. */
  time: number;
  item_id: string | null;
  /** HTTP status, or null when the connection was dropped. */
  status: number | null;
  /** 'ok', Plaid's error_code, or 'dropped'. */
  outcome: string;
  injected: boolean;
}

export interface CompleteOptions {
  institutionId?: string;
  accountIds?: string[];
  exit?: boolean;
  username?: string;
  password?: string;
}

export interface SimItem {
  item_id: string;
  access_token: string;
  institution_id: string;
  institution_name: string;
  state: ItemState;
  accounts: Account[];
}

export interface BalanceScope {
  itemId?: string;
  accountId?: string;
}

function jsonBody(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PlaidApiError('INVALID_BODY');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PlaidApiError('INVALID_BODY');
  return parsed as Record<string, unknown>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class PlaidSim {
  readonly clientId: string;
  readonly secret: string;
  url = '';
  private readonly server: Server;
  private readonly now: () => number;
  private readonly store: Store;
  private readonly institutionMap = new Map<string, InstitutionDef>();
  private readonly flow: LinkFlow;
  private readonly page: HostedLinkPage;
  private readonly faults = new Faults();
  private readonly ctx: ApiContext;
  private readonly onResponse: ((r: SimResponse) => void) | undefined;
  private callLog: CallRecord[] = [];
  private seq = 0;

  constructor(opts: PlaidSimOptions = {}) {
    this.clientId = opts.clientId ?? ids.clientId();
    this.secret = opts.secret ?? ids.secret();
    this.now = opts.now ?? Date.now;
    this.onResponse = opts.onResponse;
    for (const [endpoint, ms] of Object.entries(opts.latency ?? {})) this.faults.setLatency(endpoint, ms);
    for (const inst of [...SANDBOX_INSTITUTIONS, ...(opts.institutions ?? [])])
      this.institutionMap.set(inst.institution_id, inst);
    this.store = new Store(this.now);
    this.flow = new LinkFlow(this.store, this.institutionMap, this.now);
    this.page = new HostedLinkPage(this.store, this.flow);
    this.ctx = {
      store: this.store,
      flow: this.flow,
      institutions: this.institutionMap,
      now: this.now,
      baseUrl: () => this.url,
      removedItemError: opts.removedItemError ?? 'INVALID_ACCESS_TOKEN',
      drifts: [],
      transactions: new ItemTransactions(this.now, opts.transactions),
      liabilities: new ItemLiabilities(this.now),
    };
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`simulator error: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
    });
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const { port: actual } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  get calls(): readonly CallRecord[] {
    return this.callLog;
  }

  callsFor(endpoint: string, itemId?: string): CallRecord[] {
    return this.callLog.filter((c) => c.endpoint === endpoint && (itemId === undefined || c.item_id === itemId));
  }

  items(): SimItem[] {
    return [...this.store.items.values()].map((i) => ({
      item_id: i.item_id,
      access_token: i.access_token,
      institution_id: i.institution_id,
      institution_name: i.institution_name,
      state: i.state,
      accounts: i.accounts.map((a) => ({ ...a, balances: { ...a.balances } })),
    }));
  }

  /** Every public token this simulator has issued (read-only), for leak scans. */
  publicTokens(): string[] {
    return [...this.store.publicTokens.keys()];
  }

  /** Every link token this simulator has issued, for leak scans (only Plaid's own pages may hold one). */
  linkTokens(): string[] {
    return [...this.store.linkTokens.keys()];
  }

  /**
   * Every Hosted Link URL this simulator has handed out, for leak scans: each
   * is a live Link session until it expires, so only the companion and the
   * user's own Plaid tab may see it (never HA's database or the MQTT broker).
   */
  hostedLinkUrls(): string[] {
    return [...this.store.linkTokens.values()].filter((t) => t.hosted).map((t) => hostedLinkUrl(this.url, t));
  }

  institutions(): InstitutionDef[] {
    return [...this.institutionMap.values()];
  }

  addInstitution(inst: InstitutionDef): void {
    this.institutionMap.set(inst.institution_id, inst);
  }

  /** Walks a Link session to its end as a user would on the Hosted Link page. */
  completeSession(linkToken: string, opts: CompleteOptions = {}): void {
    const token = this.store.linkTokens.get(linkToken);
    if (!token) throw new Error('unknown link_token');
    if (this.flow.isExpired(token)) throw new Error('link_token has expired');
    const session = this.flow.session(token);
    if (session.outcome !== 'open') throw new Error('the link session has already ended');
    if (session.step === 'select_institution' && (opts.institutionId || !opts.exit)) {
      this.flow.selectInstitution(token, session, opts.institutionId ?? 'ins_109508');
    }
    if (opts.exit) {
      this.flow.exit(session);
      return;
    }
    if (session.step === 'credentials') {
      const ok = this.flow.submitCredentials(
        token,
        session,
        opts.username ?? SANDBOX_USERNAME,
        opts.password ?? SANDBOX_PASSWORD,
      );
      if (!ok) return;
    }
    if (session.step === 'accounts') this.flow.finish(token, session, opts.accountIds);
  }

  /**
   * The next `count` calls to `endpoint` ('*' = any) answer with Plaid's error `errorCode`.
   * RATE_LIMIT_EXCEEDED becomes the endpoint's own rate-limit code (e.g. ACCOUNTS_LIMIT).
   */
  injectError(endpoint: string, errorCode: string, count = 1, opts: FaultScope = {}): void {
    if (!isKnownErrorCode(errorCode)) throw new Error(`unknown Plaid error code ${errorCode}`);
    this.faults.injectError(endpoint, errorCode, count, opts);
  }

  setLatency(endpoint: string, ms: number, opts: FaultScope = {}): void {
    this.faults.setLatency(endpoint, ms, opts);
  }

  dropConnections(endpoint: string, count = 1, opts: FaultScope = {}): void {
    this.faults.dropConnections(endpoint, count, opts);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setBalance(
    accountId: string,
    balances: { current?: number | null; available?: number | null; limit?: number | null },
  ): void {
    const found = this.store.findAccount(accountId);
    if (!found) throw new Error(`no account ${accountId}`);
    Object.assign(found.account.balances, balances);
  }

  /** Adds `delta` to current (and available) balances now. */
  adjustBalances(delta: number, scope: BalanceScope = {}): void {
    for (const item of this.store.items.values()) {
      if (scope.itemId !== undefined && scope.itemId !== item.item_id) continue;
      for (const a of item.accounts) {
        if (scope.accountId !== undefined && scope.accountId !== a.account_id) continue;
        if (a.balances.current !== null) a.balances.current = Math.round((a.balances.current + delta) * 100) / 100;
        if (a.balances.available !== null) {
          const change = a.type === 'credit' ? -delta : delta;
          a.balances.available = Math.round((a.balances.available + change) * 100) / 100;
        }
      }
    }
  }

  /** Every successful /accounts/get or /accounts/balance/get moves balances by `delta`; 0 stops it. */
  setBalanceDrift(delta: number, scope: BalanceScope = {}): void {
    const drifts = this.ctx.drifts.filter((d) => d.itemId !== scope.itemId || d.accountId !== scope.accountId);
    if (delta !== 0) drifts.push({ delta, ...scope } satisfies BalanceDrift);
    this.ctx.drifts = drifts;
  }

  /** As /sandbox/item/reset_login: data calls answer ITEM_LOGIN_REQUIRED until update mode succeeds. */
  resetLogin(itemId: string): void {
    const item = this.store.items.get(itemId);
    if (!item || item.state === 'removed') throw new Error(`no item ${itemId}`);
    item.state = 'login_required';
  }

  /** An Item's transactions as they stand now (what a full /transactions/sync would leave a client holding). */
  transactions(itemId: string): PlaidTransaction[] {
    return controls.transactionsOf(this.ctx, itemId);
  }

  /** Adds a transaction to an Item (pending or posted); the next sync reports it in `added`. */
  createTransaction(itemId: string, input: controls.NewTransaction): PlaidTransaction {
    return controls.createTransaction(this.ctx, itemId, input);
  }

  /** Posts a pending transaction today, optionally for a different amount (a tip, say). */
  postTransaction(transactionId: string, amount?: number): PlaidTransaction {
    return controls.postTransaction(this.ctx, transactionId, amount);
  }

  modifyTransaction(transactionId: string, change: controls.TransactionChange): PlaidTransaction {
    return controls.modifyTransaction(this.ctx, transactionId, change);
  }

  /** Sends the transaction again with `fields` replaced, breaking Plaid's spec on purpose (a client's edge check). */
  malformTransaction(transactionId: string, fields: Record<string, unknown>): PlaidTransaction {
    return controls.malformTransaction(this.ctx, transactionId, fields);
  }

  removeTransaction(transactionId: string): void {
    controls.removeTransaction(this.ctx, transactionId);
  }

  /** The Item's next sync page fetched with a has_more cursor answers TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION. */
  failNextSyncPage(itemId: string): void {
    controls.failNextSyncPage(this.ctx, itemId);
  }

  /** Moves a credit card's, student loan's or mortgage's next due date, or marks it overdue. */
  setLiability(accountId: string, change: LiabilityChange): void {
    controls.setLiability(this.ctx, accountId, change);
  }

  reset(): void {
    this.store.clear();
    this.ctx.transactions.clear();
    this.ctx.liabilities.clear();
    this.faults.clear();
    this.callLog = [];
    this.ctx.drifts = [];
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname.startsWith('/__sim/')) {
      await handleControl(this, req, res, url);
      return;
    }
    if (url.pathname.startsWith('/hl/')) {
      try {
        if (await this.page.handle(req, res, url)) return;
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(err instanceof Error ? err.message : String(err));
        return;
      }
    }
    if (req.method === 'GET' && url.pathname === FAVICON_PATH) {
      serveFavicon(res);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Plaid simulator. POST Plaid endpoints (${Object.keys(HANDLERS).join(', ')}); controls under /__sim/.\n`);
      return;
    }
    await this.plaidCall(req, res, url.pathname);
  }

  private async plaidCall(req: IncomingMessage, res: ServerResponse, endpoint: string): Promise<void> {
    const text = await readText(req);
    let itemId: string | undefined;
    let injected = false;
    let status: number;
    let body: Record<string, unknown>;
    try {
      const handler = HANDLERS[endpoint];
      if (!handler || req.method !== 'POST') throw new PlaidApiError('NOT_FOUND');
      const contentType = header(req, 'content-type') ?? '';
      if (!/^application\/json\b/i.test(contentType)) throw new PlaidApiError('INVALID_BODY');
      const request = jsonBody(text);
      this.checkCredentials(req, request);
      validateRequestBody(loadPlaidSpec(), endpoint, request, EXTRA_REQUIRED[endpoint]);
      itemId = itemIdForRequest(this.ctx, request);
      // Faults belong to the calls that arrive next: a slow call still sleeping
      // must not take a fault armed after it came in.
      const drop = this.faults.takeDrop(endpoint, itemId);
      const injectedCode = drop ? undefined : this.faults.takeError(endpoint, itemId);
      const latency = this.faults.latencyFor(endpoint, itemId);
      if (latency > 0) await sleep(latency);
      if (drop) {
        this.log(endpoint, itemId, null, 'dropped', true);
        req.socket.destroy();
        return;
      }
      if (injectedCode) {
        injected = true;
        throw new PlaidApiError(resolveErrorCode(injectedCode, endpoint));
      }
      body = { ...handler(this.ctx, request), request_id: ids.requestId() };
      status = 200;
    } catch (err) {
      if (!(err instanceof PlaidApiError)) throw err;
      body = { ...err.body };
      status = err.status;
    }
    this.log(endpoint, itemId, status, status === 200 ? 'ok' : String(body.error_code), injected);
    this.onResponse?.({ endpoint, status, body });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  /** Plaid takes client_id/secret from the body or the PLAID-CLIENT-ID/PLAID-SECRET headers. */
  private checkCredentials(req: IncomingMessage, body: Record<string, unknown>): void {
    const clientId = body.client_id ?? header(req, 'plaid-client-id');
    const secret = body.secret ?? header(req, 'plaid-secret');
    const missing = [clientId === undefined ? 'client_id' : '', secret === undefined ? 'secret' : ''].filter(Boolean);
    if (missing.length > 0) throw new PlaidApiError('MISSING_FIELDS', { vars: { fields: missing.join(', ') } });
    for (const [name, value] of [
      ['client_id', clientId],
      ['secret', secret],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new PlaidApiError('INVALID_FIELD', {
          vars: { detail: `${name} must be a properly formatted, non-empty string` },
        });
      }
    }
    if (clientId !== this.clientId || secret !== this.secret) throw new PlaidApiError('INVALID_API_KEYS');
  }

  private log(
    endpoint: string,
    itemId: string | undefined,
    status: number | null,
    outcome: string,
    injected: boolean,
  ): void {
    this.callLog.push({
      seq: ++this.seq,
      endpoint,
      time: this.now(),
      item_id: itemId ?? null,
      status,
      outcome,
      injected,
    });
  }
}

export async function startPlaidSim(opts: PlaidSimOptions = {}): Promise<PlaidSim> {
  // Parse the spec before listening so the first request is not the slow one.
  loadPlaidSpec();
  const sim = new PlaidSim(opts);
  await sim.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return sim;
}

import {
  Configuration,
  PlaidApi,
  PlaidEnvironments,
  type AccountsGetResponse,
  type CountryCode,
  type LinkTokenCreateRequest,
  type LinkTokenCreateResponse,
  type LinkTokenGetResponse,
  type Institution,
  type LiabilitiesGetResponse,
  Products,
  type TransactionsSyncResponse,
} from 'plaid';
import type { ServiceConfig } from '../config/config.js';
import { PlaidFailure } from '../errors.js';
import type { Logger } from '../logger.js';

/** Error codes worth retrying later; everything else needs a person or a code change. */
const RETRYABLE_CODES = new Set([
  'RATE_LIMIT_EXCEEDED',
  'INSTITUTION_DOWN',
  'INSTITUTION_NOT_RESPONDING',
  'INSTITUTION_NOT_AVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'PLANNED_MAINTENANCE',
  'PRODUCT_NOT_READY',
]);

/** Network-level failures (no HTTP answer): time-outs and dropped connections are retryable. */
const NETWORK_CODES: Record<string, string> = {
  ECONNABORTED: 'TIMEOUT',
  ETIMEDOUT: 'TIMEOUT',
  ECONNRESET: 'CONNECTION_DROPPED',
  EPIPE: 'CONNECTION_DROPPED',
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ENOTFOUND: 'HOST_NOT_FOUND',
  EAI_AGAIN: 'HOST_NOT_FOUND',
  ERR_NETWORK: 'CONNECTION_DROPPED',
  ERR_BAD_RESPONSE: 'BAD_RESPONSE',
};

interface PlaidErrorBody {
  error_type?: unknown;
  error_code?: unknown;
  error_message?: unknown;
  display_message?: unknown;
  request_id?: unknown;
}

/** The parts of an axios error we read; axios is the SDK's dependency, not ours, so it is duck-typed. */
interface SdkHttpError {
  isAxiosError: true;
  code?: string;
  response?: { status: number; data?: unknown };
}

function isSdkHttpError(err: unknown): err is SdkHttpError {
  return typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Turns whatever the SDK threw into a PlaidFailure holding only Plaid's public
 * error fields. The axios error itself is dropped: its `config.headers` and
 * `config.data` carry the client secret and the access token.
 */
export function toPlaidFailure(err: unknown): PlaidFailure {
  if (err instanceof PlaidFailure) return err;
  if (isSdkHttpError(err)) {
    const status = err.response?.status ?? null;
    const body = (err.response?.data ?? {}) as PlaidErrorBody;
    const code = str(body.error_code);
    if (status !== null && code) {
      const type = str(body.error_type) ?? 'API_ERROR';
      return new PlaidFailure(
        code,
        type,
        str(body.display_message),
        status,
        RETRYABLE_CODES.has(code) || type === 'RATE_LIMIT_EXCEEDED' || status >= 500,
        str(body.error_message) ?? code,
        str(body.request_id),
      );
    }
    if (status !== null) {
      return new PlaidFailure(
        `HTTP_${status}`,
        'API_ERROR',
        null,
        status,
        status >= 500 || status === 429,
        `Plaid answered HTTP ${status}`,
      );
    }
    const netCode = NETWORK_CODES[err.code ?? ''] ?? 'NETWORK_ERROR';
    return new PlaidFailure(
      netCode,
      'NETWORK_ERROR',
      null,
      null,
      true,
      `cannot reach Plaid (${err.code ?? 'network error'})`,
    );
  }
  return new PlaidFailure(
    'UNEXPECTED',
    'INTERNAL',
    null,
    null,
    false,
    err instanceof Error ? err.message : String(err),
  );
}

export interface PlaidClientOptions {
  clientId: string;
  secret: string;
  env: ServiceConfig['plaidEnv'];
  baseUrl: string | null;
  countryCodes: CountryCode[];
  products: Products[];
  timeoutMs?: number;
  log: Logger;
}

export interface LinkTokenInput {
  clientUserId: string;
  /** Update mode: the Item to repair. Its access token goes to Plaid only. */
  accessToken?: string;
  completionRedirectUri?: string;
  /**
   * A new link: also ask for Liabilities (payment due dates). Update mode: ask the
   * user's consent to it for the Item (`additional_consented_products`).
   */
  dueDates?: boolean;
}

export type PlaidAccount = AccountsGetResponse['accounts'][number];

/**
 * The only way the companion reaches Plaid: an allow-list of the calls it
 * makes, each logged by name and outcome (never payloads), each failing with a
 * PlaidFailure.
 */
export class PlaidClient {
  private readonly api: PlaidApi;

  constructor(private readonly options: PlaidClientOptions) {
    const configuration = new Configuration({
      basePath: options.baseUrl ?? PlaidEnvironments[options.env],
      baseOptions: {
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          'PLAID-CLIENT-ID': options.clientId,
          'PLAID-SECRET': options.secret,
          'Plaid-Version': '2020-09-14',
        },
      },
    });
    this.api = new PlaidApi(configuration);
  }

  private async call<T>(endpoint: string, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      const { data } = await fn();
      this.options.log.debug('plaid call ok', { endpoint });
      return data;
    } catch (err) {
      const failure = toPlaidFailure(err);
      this.options.log.debug('plaid call failed', {
        endpoint,
        error_code: failure.error_code,
        http_status: failure.http_status,
      });
      throw failure;
    }
  }

  createLinkToken(input: LinkTokenInput): Promise<LinkTokenCreateResponse> {
    const request: LinkTokenCreateRequest = {
      client_name: 'Home Assistant',
      language: 'en',
      country_codes: this.options.countryCodes,
      user: { client_user_id: input.clientUserId },
      hosted_link: input.completionRedirectUri ? { completion_redirect_uri: input.completionRedirectUri } : {},
    };
    // Update mode takes the access token and no products.
    if (input.accessToken) {
      request.access_token = input.accessToken;
      if (input.dueDates) request.additional_consented_products = [Products.Liabilities];
    } else {
      request.products = this.options.products;
      // `optional_products`, not `required_if_supported_products`: with the latter a bank that offers
      // Liabilities but fails to deliver them fails the whole link (Plaid treats the product as required
      // there), while an optional product that fails leaves the Item created with its balances, which is
      // all this companion needs. Both are billed alike; a bank without Liabilities links either way.
      // PLAID_PRODUCTS may already ask for it, and Plaid refuses a product in both lists.
      if (input.dueDates && !request.products.includes(Products.Liabilities))
        request.optional_products = [Products.Liabilities];
    }
    return this.call('/link/token/create', () => this.api.linkTokenCreate(request));
  }

  getLinkToken(linkToken: string): Promise<LinkTokenGetResponse> {
    return this.call('/link/token/get', () => this.api.linkTokenGet({ link_token: linkToken }));
  }

  async exchangePublicToken(publicToken: string): Promise<{ access_token: string; item_id: string }> {
    const data = await this.call('/item/public_token/exchange', () =>
      this.api.itemPublicTokenExchange({ public_token: publicToken }),
    );
    return { access_token: data.access_token, item_id: data.item_id };
  }

  getAccounts(accessToken: string): Promise<AccountsGetResponse> {
    return this.call('/accounts/get', () => this.api.accountsGet({ access_token: accessToken }));
  }

  /** Real-time balances; Plaid bills each call, so only used when the user opts in. */
  getBalances(accessToken: string): Promise<AccountsGetResponse> {
    return this.call('/accounts/balance/get', () => this.api.accountsBalanceGet({ access_token: accessToken }));
  }

  /**
   * Payment due dates of the Item's cards and loans. Plaid bills Liabilities
   * per Item per month, so only for Items whose user consented to it.
   */
  getLiabilities(accessToken: string): Promise<LiabilitiesGetResponse> {
    return this.call('/liabilities/get', () => this.api.liabilitiesGet({ access_token: accessToken }));
  }

  /**
   * One page of the Item's transaction updates after `cursor` (null: from the
   * start of its history). Plaid bills Transactions per Item per month, whatever the calls.
   */
  syncTransactions(accessToken: string, cursor: string | null, count: number): Promise<TransactionsSyncResponse> {
    return this.call('/transactions/sync', () =>
      this.api.transactionsSync({ access_token: accessToken, ...(cursor === null ? {} : { cursor }), count }),
    );
  }

  async getInstitution(institutionId: string): Promise<Institution> {
    const data = await this.call('/institutions/get_by_id', () =>
      this.api.institutionsGetById({ institution_id: institutionId, country_codes: this.options.countryCodes }),
    );
    return data.institution;
  }

  async removeItem(accessToken: string): Promise<void> {
    await this.call('/item/remove', () => this.api.itemRemove({ access_token: accessToken }));
  }
}

/** Plaid client for a config; shared by `start` and the one-shot CLI commands. */
export function plaidClientFor(config: ServiceConfig, log: Logger, timeoutMs?: number): PlaidClient {
  return new PlaidClient({
    clientId: config.plaidClientId,
    secret: config.plaidSecret,
    env: config.plaidEnv,
    baseUrl: config.plaidBaseUrl,
    countryCodes: config.plaidCountryCodes,
    products: config.plaidProducts,
    timeoutMs,
    log,
  });
}

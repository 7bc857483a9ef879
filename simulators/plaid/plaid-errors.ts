// Plaid's error objects, with the error_type, HTTP status and wording Plaid's
// error reference (plaid.com/docs/errors) gives for each code.
import { requestId } from './plaid-ids.js';

export type PlaidErrorType =
  | 'INVALID_REQUEST'
  | 'INVALID_INPUT'
  | 'INVALID_RESULT'
  | 'INSTITUTION_ERROR'
  | 'RATE_LIMIT_EXCEEDED'
  | 'API_ERROR'
  | 'ITEM_ERROR'
  | 'TRANSACTIONS_ERROR'
  | 'SANDBOX_ERROR';

export interface PlaidErrorBody {
  error_type: PlaidErrorType;
  error_code: string;
  error_code_reason: string | null;
  error_message: string;
  display_message: string | null;
  request_id: string;
  causes: unknown[];
  status: number;
  documentation_url: string;
  suggested_action: string | null;
}

interface CatalogueEntry {
  type: PlaidErrorType;
  status: number;
  message: string;
  display?: string;
}

const INSTITUTION_DISPLAY =
  'This financial institution is not currently responding to requests. We apologize for the inconvenience.';
const RATE_LIMIT_ITEM = 'rate limit exceeded for attempts to access this item. please try again later';

const CATALOGUE: Record<string, CatalogueEntry> = {
  // INVALID_REQUEST
  MISSING_FIELDS: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'the following required fields are missing: {fields}',
  },
  UNKNOWN_FIELDS: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'the following fields are not recognized by this endpoint: {fields}',
  },
  INVALID_FIELD: { type: 'INVALID_REQUEST', status: 400, message: '{detail}' },
  INVALID_BODY: { type: 'INVALID_REQUEST', status: 400, message: 'body could not be parsed as JSON' },
  INVALID_HEADERS: { type: 'INVALID_REQUEST', status: 400, message: 'Content-Type must be application/json' },
  NOT_FOUND: { type: 'INVALID_REQUEST', status: 404, message: 'not found' },
  SANDBOX_ONLY: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'access to {endpoint} is only allowed in the sandbox environment',
  },
  INVALID_CONFIGURATION: { type: 'INVALID_REQUEST', status: 400, message: '{detail}' },
  // INVALID_INPUT
  INVALID_API_KEYS: { type: 'INVALID_INPUT', status: 400, message: 'invalid client_id or secret provided' },
  INVALID_ACCESS_TOKEN: { type: 'INVALID_INPUT', status: 400, message: 'could not find matching access token' },
  INVALID_PUBLIC_TOKEN: { type: 'INVALID_INPUT', status: 400, message: 'could not find matching public token' },
  INVALID_LINK_TOKEN: { type: 'INVALID_INPUT', status: 400, message: 'could not find matching link token' },
  INVALID_ACCOUNT_ID: { type: 'INVALID_INPUT', status: 400, message: 'one or more of the account IDs is invalid' },
  INVALID_INSTITUTION: { type: 'INVALID_INPUT', status: 400, message: 'invalid institution_id provided' },
  ADDITIONAL_CONSENT_REQUIRED: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'client does not have user consent to access the {product} product',
  },
  // ITEM_ERROR
  ITEM_LOGIN_REQUIRED: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      'the login details of this item have changed (credentials, MFA, or required user action) and a user login is ' +
      "required to update this information. use Link's update mode to restore the item to a good state",
  },
  ITEM_NOT_FOUND: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      'The Item you requested cannot be found. This Item does not exist, has been previously removed via ' +
      '/item/remove, or has had access removed by the user.',
  },
  INVALID_CREDENTIALS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the provided credentials were not correct',
    display: 'The provided credentials were not correct. Please try again.',
  },
  ITEM_LOCKED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: "the account is locked. prompt the user to visit the institution's site and unlock their account",
    display:
      "The given account has been locked by the financial institution. Please visit your financial institution's " +
      'website to unlock your account.',
  },
  PRODUCTS_NOT_SUPPORTED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'The following products are not supported by this institution: {products}',
  },
  NO_LIABILITY_ACCOUNTS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the provided item has no liability accounts',
  },
  PRODUCT_NOT_READY: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the requested product is not yet ready. please provide a webhook or try the request again later',
  },
  // TRANSACTIONS_ERROR
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: {
    type: 'TRANSACTIONS_ERROR',
    status: 400,
    message:
      'Underlying transaction data changed since last page was fetched. Please restart pagination from last update.',
  },
  // INSTITUTION_ERROR
  INSTITUTION_DOWN: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display: INSTITUTION_DISPLAY,
  },
  INSTITUTION_NOT_RESPONDING: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display: INSTITUTION_DISPLAY,
  },
  INSTITUTION_NOT_AVAILABLE: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display: INSTITUTION_DISPLAY,
  },
  INSTITUTION_NOT_FOUND: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution was not found. Please check the ID supplied',
  },
  INSTITUTION_NO_LONGER_SUPPORTED: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is no longer supported',
    display: 'This financial institution is no longer supported. We apologize for the inconvenience.',
  },
  // RATE_LIMIT_EXCEEDED
  ACCOUNTS_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: RATE_LIMIT_ITEM },
  ACCOUNTS_BALANCE_GET_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: RATE_LIMIT_ITEM },
  ITEM_GET_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: RATE_LIMIT_ITEM },
  TRANSACTIONS_SYNC_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: RATE_LIMIT_ITEM },
  TRANSACTIONS_REFRESH_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: RATE_LIMIT_ITEM },
  INSTITUTIONS_GET_BY_ID_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for client for this endpoint. please try again later',
  },
  RATE_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: 'rate limit exceeded. please try again later' },
  // API_ERROR
  INTERNAL_SERVER_ERROR: { type: 'API_ERROR', status: 500, message: 'an unexpected error occurred' },
  PLANNED_MAINTENANCE: {
    type: 'API_ERROR',
    status: 503,
    message:
      'the Plaid API is temporarily unavailable due to planned maintenance. visit https://status.plaid.com/ for ' +
      'more information',
    display: 'This financial institution is not currently responding to requests. We apologize for the inconvenience.',
  },
};

/**
 * The rate-limit code Plaid uses for each endpoint; `RATE_LIMIT_EXCEEDED` as an injected code maps here.
 * Plaid's list has no code of its own for /liabilities/get, which therefore gets the generic RATE_LIMIT.
 */
const RATE_LIMIT_CODE_BY_ENDPOINT: Record<string, string> = {
  '/accounts/get': 'ACCOUNTS_LIMIT',
  '/accounts/balance/get': 'ACCOUNTS_BALANCE_GET_LIMIT',
  '/item/get': 'ITEM_GET_LIMIT',
  '/transactions/sync': 'TRANSACTIONS_SYNC_LIMIT',
  '/transactions/refresh': 'TRANSACTIONS_REFRESH_LIMIT',
  '/institutions/get_by_id': 'INSTITUTIONS_GET_BY_ID_LIMIT',
};

const DOC_SECTIONS: Record<PlaidErrorType, string> = {
  INVALID_REQUEST: 'invalid-request',
  INVALID_INPUT: 'invalid-input',
  INVALID_RESULT: 'invalid-result',
  INSTITUTION_ERROR: 'institution',
  RATE_LIMIT_EXCEEDED: 'rate-limit-exceeded',
  API_ERROR: 'api',
  ITEM_ERROR: 'item',
  TRANSACTIONS_ERROR: 'transactions',
  SANDBOX_ERROR: 'sandbox',
};

export function isKnownErrorCode(code: string): boolean {
  return code in CATALOGUE || code === 'RATE_LIMIT_EXCEEDED';
}

/** The code Plaid would send for `code` at `endpoint` (RATE_LIMIT_EXCEEDED names a type, not a code). */
export function resolveErrorCode(code: string, endpoint: string): string {
  if (code === 'RATE_LIMIT_EXCEEDED') return RATE_LIMIT_CODE_BY_ENDPOINT[endpoint] ?? 'RATE_LIMIT';
  return code;
}

export interface ErrorOverrides {
  message?: string;
  display?: string | null;
  vars?: Record<string, string>;
  type?: PlaidErrorType;
  status?: number;
}

export function plaidErrorBody(code: string, overrides: ErrorOverrides = {}): PlaidErrorBody {
  const entry = CATALOGUE[code];
  if (!entry && !(overrides.type && overrides.status)) {
    throw new Error(`unknown Plaid error code ${code}: pass its type and status`);
  }
  const type = overrides.type ?? entry!.type;
  let message = overrides.message ?? entry?.message ?? code.toLowerCase().replaceAll('_', ' ');
  for (const [key, value] of Object.entries(overrides.vars ?? {})) message = message.replaceAll(`{${key}}`, value);
  const status = overrides.status ?? entry!.status;
  return {
    error_type: type,
    error_code: code,
    error_code_reason: null,
    error_message: message,
    display_message: overrides.display !== undefined ? overrides.display : (entry?.display ?? null),
    request_id: requestId(),
    causes: [],
    status,
    documentation_url: `https://plaid.com/docs/errors/${DOC_SECTIONS[type]}/#${code.toLowerCase()}`,
    suggested_action: null,
  };
}

/** Thrown by endpoint handlers; the server turns it into Plaid's JSON error response. */
export class PlaidApiError extends Error {
  readonly body: PlaidErrorBody;

  constructor(code: string, overrides: ErrorOverrides = {}) {
    const body = plaidErrorBody(code, overrides);
    super(`${body.error_type}/${body.error_code}: ${body.error_message}`);
    this.body = body;
  }

  get status(): number {
    return this.body.status;
  }
}

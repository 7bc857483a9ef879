/**
 * One error class per kind, so callers branch on `instanceof` rather than on
 * message text. None of them ever carries a secret: Plaid failures are copied
 * field by field out of the SDK error (whose request config holds the secret).
 */

/** A setting is missing or invalid. `setting` names it the way the user set it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/** A Plaid API call failed; only Plaid's public error fields are kept. */
export class PlaidFailure extends Error {
  override name = 'PlaidFailure';
  constructor(
    readonly error_code: string,
    readonly error_type: string,
    readonly display_message: string | null,
    readonly http_status: number | null,
    readonly retryable: boolean,
    /** Plaid's developer-facing message (never contains credentials). */
    readonly error_message: string,
    readonly request_id: string | null = null,
  ) {
    super(`${error_code}: ${error_message}`);
  }
}

/** The store file exists but cannot be read or does not fit the schema. It is never overwritten. */
export class StoreCorruptError extends Error {
  override name = 'StoreCorruptError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `the token store ${path} cannot be read (${reason}); it was left untouched — restore it from a backup or ` +
        `move it away to start with an empty store`,
    );
  }
}

/** The key that encrypts the store's tokens is missing, unreadable or not the one the store was written with. */
export class StoreKeyError extends Error {
  override name = 'StoreKeyError';
  constructor(
    /** `STORE_KEY` or the key file's path; never the key. */
    readonly source: string,
    reason: string,
  ) {
    super(`the token store key ${source} ${reason}`);
  }
}

/** Another companion process holds the store's lock. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(
      `another plaid-balance-companion (pid ${pid}) is using ${path}; stop it first, or use the card while it runs`,
    );
  }
}

/** Home Assistant answered a REST or websocket call with an error, or could not be reached. */
export class HaRequestError extends Error {
  override name = 'HaRequestError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Not sent at all: the companion is not connected to HA (or HA refuses its token). Expected, so logged quietly. */
export class HaOfflineError extends HaRequestError {
  override name = 'HaOfflineError';
}

/** A request from the card failed in a way the protocol has a code for. */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    readonly code: 'invalid_request' | 'unauthorized' | 'not_found' | 'plaid_error' | 'internal_error',
    message: string,
  ) {
    super(message);
  }
}

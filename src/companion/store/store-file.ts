/**
 * The token store's file: its schemas (version 1 with tokens in clear, which
 * is migrated; version 2 with tokens encrypted; version 3 adding each Item's
 * transactions, their sync cursor encrypted like the token) and reading it
 * without the key.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  array,
  assign,
  boolean,
  enums,
  literal,
  nullable,
  number,
  object,
  omit,
  optional,
  size,
  string,
  validate,
  type Describe,
  type Infer,
} from 'superstruct';
import {
  BALANCE_KINDS,
  DUE_DATES_STATUSES,
  ITEM_STATUSES,
  ItemErrorSchema,
  TransactionEventDataSchema,
} from '../../protocol/index.js';
import { StoreCorruptError } from '../errors.js';
import { TRANSACTIONS_STATUSES, type ItemTransactions, type LedgerEntry } from '../transactions/item-transactions.js';

/**
 * 1: access tokens in clear (migrated on load); 2: access tokens AES-256-GCM
 * encrypted with the store key; 3: Items may hold their transactions (0.3.0).
 */
export const STORE_VERSION = 3;
export const STORE_FILE = 'store.json';

// The account fields repeat the protocol's AccountChoiceSchema on purpose:
// this is a file on disk with its own STORE_VERSION, so a change to what the
// card and companion exchange (PROTOCOL_VERSION) must not change what an
// existing store.json has to look like to load.
/** What Plaid Liabilities last said about a credit card or loan (added in 0.2.0, so optional). */
const AccountDueSchema = object({
  /** YYYY-MM-DD, the bank's calendar day. */
  next_payment_due_date: nullable(string()),
  minimum_payment: nullable(number()),
  last_statement_balance: nullable(number()),
  /** YYYY-MM-DD. */
  last_statement_date: nullable(string()),
  /** Percent: a card's purchase APR, a loan's interest rate. */
  apr: nullable(number()),
  is_overdue: nullable(boolean()),
});

/**
 * An Item whose user asked for payment due dates (added in 0.2.0, absent on
 * Items that never did): the outcome of the last /liabilities/get.
 */
const ItemDueDatesSchema = object({
  status: enums(DUE_DATES_STATUSES),
  /** The last call, good or not: the next is a day later, across restarts. */
  checked_at: nullable(string()),
  error: nullable(ItemErrorSchema),
});

const LedgerEntrySchema: Describe<LedgerEntry> = object({
  transaction_id: string(),
  account_id: string(),
  date: string(),
  amount: number(),
  currency: string(),
  name: string(),
  merchant: nullable(string()),
  category: nullable(string()),
  category_detailed: nullable(string()),
  pending: boolean(),
});

/** An Item's transactions (added in 0.3.0, absent until its first sync): see item-transactions.ts. */
const ItemTransactionsSchema: Describe<ItemTransactions> = object({
  status: enums(TRANSACTIONS_STATUSES),
  cursor: nullable(string()),
  synced_at: nullable(string()),
  events_since: nullable(string()),
  error: nullable(ItemErrorSchema),
  skipped: number(),
  ledger: array(LedgerEntrySchema),
  outbox: array(TransactionEventDataSchema),
});

/** On disk the cursor is ciphertext: with it anyone could read the Item's transactions from Plaid's answers. */
const EncryptedTransactionsSchema = assign(
  omit(ItemTransactionsSchema, ['cursor']),
  object({ cursor_enc: nullable(string()) }),
);

const StoredAccountSchema = object({
  account_id: string(),
  /** The user's name for the account (defaults to Plaid's). */
  name: string(),
  official_name: nullable(string()),
  mask: nullable(string()),
  type: string(),
  subtype: nullable(string()),
  currency: string(),
  kinds: size(array(enums(BALANCE_KINDS)), 1, 2),
  /** Last good balances; kept through failures so nothing is ever zeroed. */
  current: nullable(number()),
  available: nullable(number()),
  limit: nullable(number()),
  due: optional(AccountDueSchema),
});

const StoredItemSchema = object({
  item_id: string(),
  access_token: string(),
  institution_id: string(),
  institution_name: string(),
  /** Institution part of the entity ids; disambiguated when two items share an institution. */
  entity_label: string(),
  /** Masks of every account Plaid returned at link time, to spot a duplicate Item. */
  account_masks: array(string()),
  /**
   * False between the token exchange and the accounts form. Stored anyway so
   * an access token is never lost; an unconfigured item found at start-up was
   * abandoned and is removed at Plaid so it is not billed.
   */
  configured: boolean(),
  accounts: array(StoredAccountSchema),
  last_refreshed: nullable(string()),
  status: enums(ITEM_STATUSES),
  error: nullable(ItemErrorSchema),
  created_at: string(),
  due_dates: optional(ItemDueDatesSchema),
  transactions: optional(ItemTransactionsSchema),
});

/** An item of a version 2 file (0.1.0, 0.2.0): no transactions yet. */
const EncryptedItemV2Schema = assign(
  omit(StoredItemSchema, ['access_token', 'transactions']),
  object({ access_token_enc: string() }),
);

/** An item as written to disk: the access token and the sync cursor only as AES-256-GCM ciphertext. */
const EncryptedItemSchema = assign(
  omit(StoredItemSchema, ['access_token', 'transactions']),
  object({ access_token_enc: string(), transactions: optional(EncryptedTransactionsSchema) }),
);

const StoreFileV1Schema = object({
  version: literal(1),
  installation_id: string(),
  items: array(omit(StoredItemSchema, ['transactions'])),
});

const StoreFileV2Schema = object({
  version: literal(2),
  installation_id: string(),
  key_id: string(),
  items: array(EncryptedItemV2Schema),
});

const StoreFileSchema = object({
  version: literal(STORE_VERSION),
  /** Stable per installation: Plaid's `user.client_user_id`. */
  installation_id: string(),
  /** Fingerprint of the key the tokens are encrypted with (not the key). */
  key_id: string(),
  items: array(EncryptedItemSchema),
});

export type StoredAccount = Infer<typeof StoredAccountSchema>;
export type AccountDue = Infer<typeof AccountDueSchema>;
export type ItemDueDates = Infer<typeof ItemDueDatesSchema>;
export type StoredItem = Infer<typeof StoredItemSchema>;
/** An item without its token: what `list` and `doctor` read without the key. */
export type StoredItemMeta = Omit<StoredItem, 'access_token'>;
export type EncryptedItem = Infer<typeof EncryptedItemSchema>;
export type EncryptedTransactions = Infer<typeof EncryptedTransactionsSchema>;
export type StoreFileV1 = Infer<typeof StoreFileV1Schema>;
export type StoreFileV2 = Infer<typeof StoreFileV2Schema>;
export type StoreFileV3 = Infer<typeof StoreFileSchema>;

/** The store in memory: tokens in clear, only ever inside this process. */
export interface StoreData {
  installation_id: string;
  items: StoredItem[];
}

/** What the store file says without decrypting anything. */
export interface StoreFileInfo {
  version: number;
  installation_id: string;
  /** Null for a version 1 (plaintext) store. */
  key_id: string | null;
  items: StoredItemMeta[];
}

export async function readRaw(dir: string): Promise<StoreFileV1 | StoreFileV2 | StoreFileV3 | null> {
  const path = join(dir, STORE_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreCorruptError(path, (err as Error).message);
  }
  if (text.trim() === '') throw new StoreCorruptError(path, 'the file is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StoreCorruptError(path, `not valid JSON: ${(err as Error).message}`);
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== STORE_VERSION && version !== 1 && version !== 2) {
    throw new StoreCorruptError(path, `schema version ${String(version)} is not ${STORE_VERSION}`);
  }
  // Checked against the schema of the version the file claims, which names the real problem.
  const [err, value] =
    version === 1
      ? validate(parsed, StoreFileV1Schema)
      : version === 2
        ? validate(parsed, StoreFileV2Schema)
        : validate(parsed, StoreFileSchema);
  if (err) throw new StoreCorruptError(path, `${err.path.join('.') || 'file'}: ${err.message}`);
  return value;
}

/**
 * Reads and validates the store file without the key (`list`, `doctor`): a
 * missing file is null, anything unreadable is an error. Tokens stay out.
 */
export async function readStoreFile(dir: string): Promise<StoreFileInfo | null> {
  const raw = await readRaw(dir);
  if (!raw) return null;
  return {
    version: raw.version,
    installation_id: raw.installation_id,
    key_id: raw.version === 1 ? null : raw.key_id,
    items: raw.items.map((i) => {
      const { access_token_enc: _token, transactions, ...meta } = { access_token_enc: '', ...i } as EncryptedItem;
      delete (meta as Partial<StoredItem>).access_token;
      if (!transactions) return meta;
      const { cursor_enc: _cursor, ...rest } = transactions;
      // Without the key the cursor stays unread; whether one exists is all the commands need.
      return { ...meta, transactions: { ...rest, cursor: null } };
    }),
  };
}

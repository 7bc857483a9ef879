import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { array, assign, boolean, enums, literal, nullable, number, object, omit, size, string, validate, type Infer } from 'superstruct';
import { BALANCE_KINDS, ITEM_STATUSES, ItemErrorSchema } from '../protocol/index.js';
import { StoreCorruptError, StoreKeyError, StoreLockedError } from './errors.js';
import {
  decryptToken,
  encryptToken,
  keyFilePath,
  loadStoreKey,
  makeKey,
  parseKeyText,
  readKeyFile,
  writeKeyFile,
  type StoreKey,
  type StoreKeyOptions,
} from './store-key.js';

/** 1: access tokens in clear (migrated on load); 2: access tokens AES-256-GCM encrypted with the store key. */
export const STORE_VERSION = 2;
export const STORE_FILE = 'store.json';
export const LOCK_FILE = 'store.lock';
/** A key being rotated in: see `TokenStore.rotateKey`. */
export const NEW_KEY_SUFFIX = '.new';

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
});

/** An item as written to disk: the access token only as AES-256-GCM ciphertext. */
const EncryptedItemSchema = assign(omit(StoredItemSchema, ['access_token']), object({ access_token_enc: string() }));

const StoreFileV1Schema = object({
  version: literal(1),
  installation_id: string(),
  items: array(StoredItemSchema),
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
export type StoredItem = Infer<typeof StoredItemSchema>;
/** An item without its token: what `list` and `doctor` read without the key. */
export type StoredItemMeta = Omit<StoredItem, 'access_token'>;
type EncryptedItem = Infer<typeof EncryptedItemSchema>;
type StoreFileV1 = Infer<typeof StoreFileV1Schema>;
type StoreFileV2 = Infer<typeof StoreFileSchema>;

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

/** Locks held by this process, so a stale lock left by an earlier run with our pid (pid 1 in a container) is not mistaken for ours. */
const heldLocks = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireLock(dir: string): Promise<string> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldLocks.add(path);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(await fs.readFile(path, 'utf8').catch(() => ''), 10);
    const ours = pid === process.pid && heldLocks.has(path);
    if (Number.isInteger(pid) && pid > 0 && (ours || (pid !== process.pid && isAlive(pid)))) {
      throw new StoreLockedError(dir, pid);
    }
    // The process that wrote it is gone: the lock is stale.
    await fs.rm(path, { force: true });
  }
  throw new StoreLockedError(dir, 0);
}

async function readRaw(dir: string): Promise<StoreFileV1 | StoreFileV2 | null> {
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
  if (version !== STORE_VERSION && version !== 1) {
    throw new StoreCorruptError(path, `schema version ${String(version)} is not ${STORE_VERSION}`);
  }
  // Checked against the schema of the version the file claims, which names the real problem.
  const [err, value] = version === 1 ? validate(parsed, StoreFileV1Schema) : validate(parsed, StoreFileSchema);
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
      const { access_token: _t, access_token_enc: _e, ...meta } = i as Partial<StoredItem & EncryptedItem>;
      return meta as StoredItemMeta;
    }),
  };
}

function decryptItems(path: string, key: StoreKey, items: EncryptedItem[]): StoredItem[] {
  return items.map(({ access_token_enc, ...rest }) => {
    const token = decryptToken(key, access_token_enc, rest.item_id);
    if (token === null) throw new StoreCorruptError(path, `the access token of item ${rest.item_id} cannot be decrypted (damaged)`);
    return { ...rest, access_token: token };
  });
}

/**
 * The key for an existing version 2 store. A rotation that stopped after the
 * store was rewritten but before the new key file replaced the old one is
 * finished here; a leftover new key the store was never written with is removed.
 */
async function keyForStore(dir: string, options: StoreKeyOptions, file: StoreFileV2): Promise<StoreKey> {
  const path = keyFilePath(dir, options);
  const pending = options.envKey ? null : await readKeyFile(path + NEW_KEY_SUFFIX).catch(() => null);
  if (pending && pending.id === file.key_id) {
    await fs.rename(path + NEW_KEY_SUFFIX, path);
    return makeKey(pending.bytes, path);
  }
  if (pending) await fs.rm(path + NEW_KEY_SUFFIX, { force: true });
  // A store with no token may take a new key; one with tokens needs the key they were written with.
  const key = await loadStoreKey(dir, options, file.items.length === 0);
  if (key.id !== file.key_id && file.items.length > 0) {
    throw new StoreKeyError(
      key.source,
      `is not the key ${join(dir, STORE_FILE)} was written with (key id ${key.id}, the store needs ${file.key_id}); set STORE_KEY or STORE_KEY_FILE to the right key`,
    );
  }
  return key;
}

/** Removes temp files a killed process left behind (they may hold encrypted tokens). */
async function removeStaleTempFiles(dir: string): Promise<void> {
  const prefix = `.${STORE_FILE}.`;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && isAlive(pid))) continue;
    await fs.rm(join(dir, name), { force: true });
  }
}

/**
 * The one file holding the access tokens: mode 0600 in a 0700 directory,
 * written atomically (temp file in the same directory, fsync, rename, fsync
 * of the directory) and one write at a time, under a lock file so two
 * companion processes never write it together.
 */
export class TokenStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private data: StoreData,
    private readonly lockPath: string,
    private key: StoreKey,
    /** 1 when a plaintext store was migrated (encrypted) at open, else null. */
    readonly migratedFrom: number | null,
  ) {}

  get path(): string {
    return join(this.dir, STORE_FILE);
  }

  /** Fingerprint and source of the key in use (never the key). */
  get keyInfo(): { id: string; source: string } {
    return { id: this.key.id, source: this.key.source };
  }

  /**
   * Opens (or creates) the store under its lock. The key comes from
   * `options.envKey` (STORE_KEY) or the key file, created 0600 on first start.
   * A version 1 store (tokens in clear) is encrypted and rewritten at once.
   */
  static async open(dir: string, options: StoreKeyOptions = {}): Promise<TokenStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const lockPath = await acquireLock(dir);
    try {
      await removeStaleTempFiles(dir);
      const raw = await readRaw(dir);
      const path = join(dir, STORE_FILE);
      let store: TokenStore;
      if (!raw) {
        const key = await loadStoreKey(dir, options, true);
        store = new TokenStore(dir, { installation_id: randomUUID(), items: [] }, lockPath, key, null);
        // Persist a new installation id at once: Plaid's client_user_id must stay stable.
        await store.save();
      } else if (raw.version === 1) {
        const key = await loadStoreKey(dir, options, true);
        store = new TokenStore(dir, { installation_id: raw.installation_id, items: raw.items }, lockPath, key, 1);
        // Tokens must not stay in clear a moment longer than needed.
        await store.save();
      } else {
        const key = await keyForStore(dir, options, raw);
        const items = decryptItems(path, key, raw.items);
        store = new TokenStore(dir, { installation_id: raw.installation_id, items }, lockPath, key, null);
        if (key.id !== raw.key_id) await store.save();
      }
      return store;
    } catch (err) {
      await fs.rm(lockPath, { force: true });
      heldLocks.delete(lockPath);
      throw err;
    }
  }

  /**
   * Re-encrypts every token with `newKey`. With a key file, the new key is
   * written next to the old one first (`store.key.new`), then the store, then
   * the new key file replaces the old: a crash at any point leaves a store
   * that the next `open` can read (and finishes the rotation).
   * `keyFile` null: the key came from STORE_KEY and the caller hands out the new one.
   */
  async rotateKey(newKeyText: string, keyFile: string | null): Promise<{ id: string }> {
    const bytes = parseKeyText(newKeyText);
    if (!bytes) throw new StoreKeyError('the new key', 'is not a 32-byte key');
    await this.writing.catch(() => undefined);
    if (keyFile) {
      const pendingPath = keyFile + NEW_KEY_SUFFIX;
      await fs.rm(pendingPath, { force: true });
      await writeKeyFile(pendingPath, newKeyText.trim());
      this.key = makeKey(bytes, keyFile);
      await this.save();
      await fs.rename(pendingPath, keyFile);
      const dh = await fs.open(dirname(keyFile), 'r');
      try {
        await dh.sync();
      } finally {
        await dh.close();
      }
    } else {
      this.key = makeKey(bytes, 'STORE_KEY');
      await this.save();
    }
    return { id: this.key.id };
  }

  get installationId(): string {
    return this.data.installation_id;
  }

  items(): StoredItem[] {
    return this.data.items.map((i) => structuredClone(i));
  }

  get(itemId: string): StoredItem | undefined {
    const item = this.data.items.find((i) => i.item_id === itemId);
    return item && structuredClone(item);
  }

  async put(item: StoredItem): Promise<void> {
    const copy = structuredClone(item);
    const at = this.data.items.findIndex((i) => i.item_id === item.item_id);
    if (at >= 0) this.data.items[at] = copy;
    else this.data.items.push(copy);
    await this.save();
  }

  /** Applies `change` to the stored item (if it still exists) and saves; returns the new value. */
  async update(itemId: string, change: (item: StoredItem) => void): Promise<StoredItem | undefined> {
    const item = this.data.items.find((i) => i.item_id === itemId);
    if (!item) return undefined;
    change(item);
    await this.save();
    return structuredClone(item);
  }

  async delete(itemId: string): Promise<boolean> {
    const before = this.data.items.length;
    this.data.items = this.data.items.filter((i) => i.item_id !== itemId);
    if (this.data.items.length === before) return false;
    await this.save();
    return true;
  }

  /** Waits for pending writes and releases the lock. */
  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
    await fs.rm(this.lockPath, { force: true });
    heldLocks.delete(this.lockPath);
  }

  private save(): Promise<void> {
    const file: StoreFileV2 = {
      version: STORE_VERSION,
      installation_id: this.data.installation_id,
      key_id: this.key.id,
      items: this.data.items.map(({ access_token, ...rest }) => ({ ...rest, access_token_enc: encryptToken(this.key, access_token, rest.item_id) })),
    };
    const snapshot = JSON.stringify(file, null, 2) + '\n';
    const next = this.writing.catch(() => undefined).then(() => this.writeAtomically(snapshot));
    this.writing = next;
    return next;
  }

  private async writeAtomically(text: string): Promise<void> {
    const tmp = join(this.dir, `.${STORE_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const fh = await fs.open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, this.path);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    // The rename is durable only once the directory entry is on disk.
    const dh = await fs.open(this.dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }
}

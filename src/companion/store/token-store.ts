/**
 * The token store: opening it (under its lock, migrating and decrypting),
 * CRUD on items, and key rotation. The file format is store-file.ts, the
 * crash-safe writes atomic-file.ts, the lock store-lock.ts.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles, renameDurable, writeFileAtomic } from './atomic-file.js';
import { StoreCorruptError, StoreKeyError } from '../errors.js';
import {
  STORE_FILE,
  STORE_VERSION,
  readRaw,
  type EncryptedItem,
  type EncryptedTransactions,
  type StoreData,
  type StoredItem,
  type StoreFileV2,
  type StoreFileV3,
} from './store-file.js';
import { acquireStoreLock, type StoreLock } from './store-lock.js';
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

// What the store holds, for the modules that use the store without reading its file.
export { STORE_FILE, readStoreFile, type StoredAccount, type StoredItem, type StoredItemMeta } from './store-file.js';

/** A key being rotated in: see `TokenStore.rotateKey`. */
export const NEW_KEY_SUFFIX = '.new';

/** Binds a cursor's ciphertext to its Item and its purpose, so it cannot be swapped for a token or another Item's. */
const cursorAad = (itemId: string) => `${itemId}/transactions_cursor`;

function decryptItems(path: string, key: StoreKey, items: EncryptedItem[]): StoredItem[] {
  return items.map(({ access_token_enc, transactions, ...rest }) => {
    const token = decryptToken(key, access_token_enc, rest.item_id);
    if (token === null)
      throw new StoreCorruptError(path, `the access token of item ${rest.item_id} cannot be decrypted (damaged)`);
    const item: StoredItem = { ...rest, access_token: token };
    if (!transactions) return item;
    const { cursor_enc, ...open } = transactions;
    const cursor = cursor_enc === null ? null : decryptToken(key, cursor_enc, cursorAad(rest.item_id));
    if (cursor_enc !== null && cursor === null)
      throw new StoreCorruptError(
        path,
        `the transactions cursor of item ${rest.item_id} cannot be decrypted (damaged)`,
      );
    return { ...item, transactions: { ...open, cursor } };
  });
}

function encryptItem(key: StoreKey, { access_token, transactions, ...rest }: StoredItem): EncryptedItem {
  const item: EncryptedItem = { ...rest, access_token_enc: encryptToken(key, access_token, rest.item_id) };
  if (!transactions) return item;
  const { cursor, ...open } = transactions;
  const encrypted: EncryptedTransactions = {
    ...open,
    cursor_enc: cursor === null ? null : encryptToken(key, cursor, cursorAad(rest.item_id)),
  };
  return { ...item, transactions: encrypted };
}

/**
 * The key for an existing encrypted (version 2 or 3) store. A rotation that stopped after the
 * store was rewritten but before the new key file replaced the old one is
 * finished here; a leftover new key the store was never written with is removed.
 */
async function keyForStore(dir: string, options: StoreKeyOptions, file: StoreFileV2 | StoreFileV3): Promise<StoreKey> {
  const path = keyFilePath(dir, options);
  const pending = options.envKey ? null : await readKeyFile(path + NEW_KEY_SUFFIX).catch(() => null);
  if (pending && pending.id === file.key_id) {
    await renameDurable(path + NEW_KEY_SUFFIX, path);
    return makeKey(pending.bytes, path);
  }
  if (pending) await fs.rm(path + NEW_KEY_SUFFIX, { force: true });
  // A store with no token may take a new key; one with tokens needs the key they were written with.
  const key = await loadStoreKey(dir, options, file.items.length === 0);
  if (key.id !== file.key_id && file.items.length > 0) {
    throw new StoreKeyError(
      key.source,
      `is not the key ${join(dir, STORE_FILE)} was written with (key id ${key.id}, the store needs ` +
        `${file.key_id}); set STORE_KEY or STORE_KEY_FILE to the right key`,
    );
  }
  return key;
}

/**
 * The one file holding the access tokens: mode 0600 in a 0700 directory,
 * written atomically (temp file in the same directory, fsync, rename, fsync
 * of the directory) and one write at a time, under a lock file so two
 * companion processes never write it together.
 */
export class TokenStore {
  private writing: Promise<void> = Promise.resolve();
  /** Set by close(): a write after it would land after the lock is released, or be cut off by the exit. */
  private closed = false;

  private constructor(
    readonly dir: string,
    private data: StoreData,
    private readonly lock: StoreLock,
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
   * A version 1 store (tokens in clear) is encrypted and rewritten at once; a
   * version 2 one (no transactions yet) loads as it is and is written as
   * version 3 at its next change.
   */
  static async open(dir: string, options: StoreKeyOptions = {}): Promise<TokenStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const lock = await acquireStoreLock(dir);
    try {
      // They may hold encrypted tokens.
      await removeStaleTempFiles(dir, STORE_FILE);
      const raw = await readRaw(dir);
      const path = join(dir, STORE_FILE);
      let store: TokenStore;
      if (!raw) {
        const key = await loadStoreKey(dir, options, true);
        store = new TokenStore(dir, { installation_id: randomUUID(), items: [] }, lock, key, null);
        // Persist a new installation id at once: Plaid's client_user_id must stay stable.
        await store.save();
      } else if (raw.version === 1) {
        const key = await loadStoreKey(dir, options, true);
        store = new TokenStore(dir, { installation_id: raw.installation_id, items: raw.items }, lock, key, 1);
        // Tokens must not stay in clear a moment longer than needed.
        await store.save();
      } else {
        const key = await keyForStore(dir, options, raw);
        const items = decryptItems(path, key, raw.items);
        store = new TokenStore(dir, { installation_id: raw.installation_id, items }, lock, key, null);
        if (key.id !== raw.key_id) await store.save();
      }
      return store;
    } catch (err) {
      await lock.release();
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
      await renameDurable(pendingPath, keyFile);
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

  /**
   * Applies `change` to the stored item (if it still exists) and saves;
   * returns the new value. A failed write takes the change back out of memory
   * too (unless a later write already carries it), so nothing acts on what
   * the file does not hold: a transaction event only in memory would fire
   * again after a restart.
   */
  async update(itemId: string, change: (item: StoredItem) => void): Promise<StoredItem | undefined> {
    const item = this.data.items.find((i) => i.item_id === itemId);
    if (!item) return undefined;
    const previous = structuredClone(item);
    change(item);
    const saving = this.save();
    try {
      await saving;
    } catch (err) {
      const at = this.data.items.indexOf(item);
      if (this.writing === saving && at >= 0) this.data.items[at] = previous;
      throw err;
    }
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
    this.closed = true;
    await this.writing.catch(() => undefined);
    await this.lock.release();
  }

  private save(): Promise<void> {
    // A poll still waiting on Plaid at shutdown: its result is dropped, and fetched again after the restart.
    if (this.closed) return Promise.reject(new Error('the token store is closed'));
    const file: StoreFileV3 = {
      version: STORE_VERSION,
      installation_id: this.data.installation_id,
      key_id: this.key.id,
      items: this.data.items.map((item) => encryptItem(this.key, item)),
    };
    const snapshot = JSON.stringify(file, null, 2) + '\n';
    const next = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, snapshot));
    this.writing = next;
    return next;
  }
}

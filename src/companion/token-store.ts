import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { array, boolean, enums, literal, nullable, number, object, size, string, validate, type Infer } from 'superstruct';
import { BALANCE_KINDS, ITEM_STATUSES, ItemErrorSchema } from '../protocol/index.js';
import { StoreCorruptError, StoreLockedError } from './errors.js';

export const STORE_VERSION = 1;
export const STORE_FILE = 'store.json';
export const LOCK_FILE = 'store.lock';

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

const StoreFileSchema = object({
  version: literal(STORE_VERSION),
  /** Stable per installation: Plaid's `user.client_user_id`. */
  installation_id: string(),
  items: array(StoredItemSchema),
});

export type StoredAccount = Infer<typeof StoredAccountSchema>;
export type StoredItem = Infer<typeof StoredItemSchema>;
export type StoreFile = Infer<typeof StoreFileSchema>;

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

/** Reads and validates the store file; a missing file is an empty store, anything unreadable is an error. */
export async function readStoreFile(dir: string): Promise<StoreFile | null> {
  const path = join(dir, STORE_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreCorruptError(path, (err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StoreCorruptError(path, `not valid JSON: ${(err as Error).message}`);
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== STORE_VERSION) {
    throw new StoreCorruptError(path, `schema version ${String(version)} is not ${STORE_VERSION}`);
  }
  const [err, value] = validate(parsed, StoreFileSchema);
  if (err) throw new StoreCorruptError(path, `${err.path.join('.') || 'file'}: ${err.message}`);
  return value;
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
    private data: StoreFile,
    private readonly lockPath: string,
  ) {}

  get path(): string {
    return join(this.dir, STORE_FILE);
  }

  static async open(dir: string): Promise<TokenStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const lockPath = await acquireLock(dir);
    try {
      const existing = await readStoreFile(dir);
      const store = new TokenStore(dir, existing ?? { version: STORE_VERSION, installation_id: randomUUID(), items: [] }, lockPath);
      // Persist a new installation id at once: Plaid's client_user_id must stay stable.
      if (!existing) await store.save();
      return store;
    } catch (err) {
      await fs.rm(lockPath, { force: true });
      heldLocks.delete(lockPath);
      throw err;
    }
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
    const snapshot = JSON.stringify(this.data, null, 2) + '\n';
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

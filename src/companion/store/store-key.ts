/**
 * The key that encrypts access tokens in the token store (AES-256-GCM), kept
 * apart from the store: from `STORE_KEY` (32 bytes, base64 or hex), else from
 * a key file (`STORE_KEY_FILE`, default `DATA_DIR/store.key`) created 0600 on
 * first start. See docs/security.md for what this does and does not protect.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { createFileAtomic } from './atomic-file.js';
import { StoreKeyError } from '../errors.js';

export const KEY_FILE = 'store.key';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Marks the ciphertext format, so a later format can be told apart. */
const CIPHER_PREFIX = 'v1.';

export interface StoreKey {
  readonly bytes: Buffer;
  /** Public fingerprint stored next to the ciphertexts: tells a wrong key from a damaged token. */
  readonly id: string;
  /** Where it came from, for messages: `STORE_KEY` or the key file's path. Never the key. */
  readonly source: string;
}

/** Where the key comes from; `envKey` (already parsed) wins over the file. */
export interface StoreKeyOptions {
  envKey?: Buffer | null;
  /** The key file; default `<store dir>/store.key`. */
  keyFile?: string | null;
}

/** 32 bytes as base64 (44 chars) or hex (64 chars); null when neither. */
export function parseKeyText(text: string): Buffer | null {
  const v = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(v)) {
    const bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return null;
}

export function keyId(bytes: Buffer): string {
  return createHash('sha256').update('plaid-balance-store-key-id\0').update(bytes).digest('hex').slice(0, 16);
}

export function makeKey(bytes: Buffer, source: string): StoreKey {
  if (bytes.length !== KEY_BYTES) throw new StoreKeyError(source, `the key must be ${KEY_BYTES} bytes`);
  return { bytes, id: keyId(bytes), source };
}

export function keyFilePath(storeDir: string, options: StoreKeyOptions = {}): string {
  return options.keyFile ?? join(storeDir, KEY_FILE);
}

/** A fresh random key as the text a key file (or STORE_KEY) holds. */
export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Reads the key file; null when it does not exist. A file that is not a key is an error, and is never replaced. */
export async function readKeyFile(path: string): Promise<StoreKey | null> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreKeyError(path, `cannot be read: ${(err as Error).message}`);
  }
  const bytes = parseKeyText(text);
  if (!bytes) throw new StoreKeyError(path, `does not hold a ${KEY_BYTES}-byte key (base64 or hex)`);
  return makeKey(bytes, path);
}

/** Writes a key file (0600) that must not exist yet (EEXIST otherwise); a crash never leaves a half key. */
export async function writeKeyFile(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await createFileAtomic(path, text + '\n');
}

/**
 * The key to use. `create` (only when the store holds no encrypted token yet)
 * makes a key file on first start; otherwise a missing key is an error, since
 * a new key could not read the tokens already stored.
 */
export async function loadStoreKey(storeDir: string, options: StoreKeyOptions, create: boolean): Promise<StoreKey> {
  if (options.envKey) return makeKey(options.envKey, 'STORE_KEY');
  const path = keyFilePath(storeDir, options);
  const existing = await readKeyFile(path);
  if (existing) {
    const mode = (await fs.stat(path)).mode & 0o777;
    // A key others can read protects nothing; fix it rather than refuse to start.
    if (mode & 0o077) await fs.chmod(path, 0o600);
    return existing;
  }
  if (!create) {
    throw new StoreKeyError(
      path,
      'is missing, but the token store holds tokens encrypted with a key; restore the key file (or set ' +
        'STORE_KEY / STORE_KEY_FILE to it)',
    );
  }
  try {
    await writeKeyFile(path, newKeyText());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new StoreKeyError(path, `cannot be created: ${(err as Error).message}`);
  }
  const created = await readKeyFile(path);
  if (!created) throw new StoreKeyError(path, 'vanished right after it was created');
  return created;
}

/** AES-256-GCM; `aad` binds the ciphertext to its item, so tokens cannot be swapped between items. */
export function encryptToken(key: StoreKey, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return CIPHER_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

/** Null when the ciphertext is damaged or was made with another key or for another item. */
export function decryptToken(key: StoreKey, ciphertext: string, aad: string): string | null {
  if (!ciphertext.startsWith(CIPHER_PREFIX)) return null;
  const raw = Buffer.from(ciphertext.slice(CIPHER_PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES + 1) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

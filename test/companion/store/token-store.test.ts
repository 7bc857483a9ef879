import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreCorruptError } from '../../../src/companion/errors.js';
import { TokenStore } from '../../../src/companion/store/token-store.js';
import { storedItem } from '../helpers/fixtures.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'pbc-store-'));

describe('token-store', () => {
  it('creates a 0600 file in a 0700 dir with a schema version and a stable installation id', async () => {
    const dir = join(await tempDir(), 'data');
    const store = await TokenStore.open(dir);
    await store.put(storedItem());
    const id = store.installationId;
    await store.close();
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'store.json'))).mode & 0o777, 0o600);
    const file = JSON.parse(await readFile(join(dir, 'store.json'), 'utf8'));
    assert.equal(file.version, 3);
    // Encrypted at rest (test/reliability/store-encryption.test.ts covers the details).
    assert.equal(file.items[0].access_token, undefined);
    assert.match(file.items[0].access_token_enc, /^v1\./);
    assert.equal((await stat(join(dir, 'store.key'))).mode & 0o777, 0o600);
    const again = await TokenStore.open(dir);
    assert.equal(again.installationId, id);
    assert.equal(again.get('item-aaaa1111')?.institution_name, 'First Platypus Bank');
    await again.close();
  });

  it('keeps the transactions cursor encrypted at rest, bound to its Item', async () => {
    const dir = await tempDir();
    const store = await TokenStore.open(dir);
    const transactions = {
      status: 'ok' as const,
      cursor: 'cursor-secret-position',
      synced_at: null,
      events_since: '2025-01-01',
      error: null,
      skipped: 0,
      ledger: [],
      outbox: [],
    };
    await store.put(storedItem({ transactions }));
    await store.close();
    const text = await readFile(join(dir, 'store.json'), 'utf8');
    assert.ok(!text.includes('cursor-secret-position'));
    const file = JSON.parse(text);
    assert.match(file.items[0].transactions.cursor_enc, /^v1\./);
    const again = await TokenStore.open(dir);
    assert.deepEqual(again.get('item-aaaa1111')?.transactions, transactions);
    await again.close();
    // A cursor's ciphertext is not a token's: swapping them is damage, not a way in.
    file.items[0].transactions.cursor_enc = file.items[0].access_token_enc;
    await writeFile(join(dir, 'store.json'), JSON.stringify(file));
    await assert.rejects(TokenStore.open(dir), /transactions cursor of item item-aaaa1111 cannot be decrypted/);
  });

  it('takes a change back out of memory when its write fails', async () => {
    const dir = await tempDir();
    const store = await TokenStore.open(dir);
    await store.put(storedItem());
    // The directory vanishing makes the next write fail, as a full or broken disk would.
    await rm(dir, { recursive: true, force: true });
    await assert.rejects(store.update('item-aaaa1111', (i) => void (i.institution_name = 'Changed Bank')));
    assert.equal(store.get('item-aaaa1111')?.institution_name, 'First Platypus Bank');
    await store.close().catch(() => undefined);
  });

  it('serialises concurrent writes and leaves no temp files', async () => {
    const dir = await tempDir();
    const store = await TokenStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, n) => store.put(storedItem({ item_id: `item-${n}` }))));
    await Promise.all(Array.from({ length: 10 }, (_, n) => store.delete(`item-${n}`)));
    await store.close();
    const file = JSON.parse(await readFile(join(dir, 'store.json'), 'utf8'));
    assert.deepEqual(
      file.items.map((i: { item_id: string }) => i.item_id),
      Array.from({ length: 10 }, (_, n) => `item-${n + 10}`),
    );
    assert.deepEqual((await readdir(dir)).sort(), ['store.json', 'store.key']);
  });

  it('refuses a corrupt store with a clear error and never overwrites it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'store.json'), '{"version": 1, "items": [');
    await assert.rejects(
      TokenStore.open(dir),
      (err: unknown) =>
        err instanceof StoreCorruptError && /not valid JSON/.test(err.message) && /left untouched/.test(err.message),
    );
    assert.equal(await readFile(join(dir, 'store.json'), 'utf8'), '{"version": 1, "items": [');
    await writeFile(join(dir, 'store.json'), '{"version": 7}');
    await assert.rejects(TokenStore.open(dir), /schema version 7/);
    // No key file was created for a store that could not be read.
    // The failed opens released the lock.
    assert.deepEqual((await readdir(dir)).sort(), ['store.json']);
  });
});

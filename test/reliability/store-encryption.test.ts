/**
 * Reliability #8: access tokens are encrypted at rest (AES-256-GCM) with a key
 * kept apart from the store (STORE_KEY, or a 0600 key file that may live
 * outside DATA_DIR); plaintext stores migrate on load; the key rotates.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/companion/config/load-config.js';
import { ConfigError, StoreCorruptError, StoreKeyError } from '../../src/companion/errors.js';
import { keyId, newKeyText, parseKeyText } from '../../src/companion/store/store-key.js';
import { TokenStore, readStoreFile } from '../../src/companion/store/token-store.js';
import { storedItem } from '../companion/helpers/fixtures.js';
import { runCli } from '../companion/helpers/spawn-cli.js';

const TOKENS = Array.from({ length: 5 }, (_, n) => `access-sandbox-${n}aaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`);
const items = () =>
  TOKENS.map((t, n) => storedItem({ item_id: `item-${n}`, access_token: t, entity_label: `bank_${n}` }));

/** Every way a token could sit in the file: as is, base64, hex, reversed. */
function clearHits(text: string): number {
  return TOKENS.filter((t) =>
    [t, Buffer.from(t).toString('base64'), Buffer.from(t).toString('hex'), [...t].reverse().join('')].some((f) =>
      text.includes(f),
    ),
  ).length;
}

describe('reliability: token store encryption at rest', () => {
  let work: string;
  let n = 0;
  const dir = () => join(work, `d${n++}`);
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'pbc-enc-'));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes no token in clear; the key file is created 0600 on first start, apart from the tokens', async () => {
    const d = dir();
    const store = await TokenStore.open(d);
    for (const item of items()) await store.put(item);
    await store.close();
    const text = await readFile(join(d, 'store.json'), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.version, 3);
    assert.equal(file.key_id, keyId(parseKeyText(await readFile(join(d, 'store.key'), 'utf8'))!));
    assert.equal(clearHits(text), 0);
    assert.equal((await stat(join(d, 'store.key'))).mode & 0o777, 0o600);
    // The key is not in the store either.
    assert.ok(!text.includes((await readFile(join(d, 'store.key'), 'utf8')).trim()));
    const again = await TokenStore.open(d);
    assert.deepEqual(
      again.items().map((i) => i.access_token),
      TOKENS,
    );
    await again.close();
    // `list` and `doctor` read the file without the key, and see no token.
    const info = await readStoreFile(d);
    assert.equal(info!.items.length, 5);
    assert.ok(!JSON.stringify(info).includes('access-sandbox'));
    console.log(`tokens in clear in the store: ${clearHits(text)}/${TOKENS.length}`);
  });

  it('migrates a version 1 (plaintext) store on load and keeps it working', async () => {
    const d = dir();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(d, { recursive: true, mode: 0o700 });
    await writeFile(
      join(d, 'store.json'),
      JSON.stringify({ version: 1, installation_id: 'inst-1', items: items() }, null, 2),
      { mode: 0o600 },
    );
    const store = await TokenStore.open(d);
    assert.equal(store.migratedFrom, 1);
    assert.equal(store.installationId, 'inst-1');
    assert.deepEqual(
      store.items().map((i) => i.access_token),
      TOKENS,
    );
    await store.close();
    const text = await readFile(join(d, 'store.json'), 'utf8');
    assert.equal(JSON.parse(text).version, 3);
    assert.equal(clearHits(text), 0);
    assert.deepEqual((await readdir(d)).sort(), ['store.json', 'store.key']);
  });

  it('takes the key from STORE_KEY (no key file then), or from STORE_KEY_FILE outside DATA_DIR', async () => {
    const d = dir();
    const key = parseKeyText(newKeyText())!;
    const store = await TokenStore.open(d, { envKey: key });
    await store.put(items()[0]!);
    await store.close();
    assert.deepEqual(await readdir(d), ['store.json']);
    assert.equal(store.keyInfo.source, 'STORE_KEY');
    await assert.rejects(
      TokenStore.open(d, { envKey: parseKeyText(newKeyText()) }),
      (e: unknown) => e instanceof StoreKeyError && /is not the key/.test(e.message),
    );
    // Without STORE_KEY there is no key: refused, and no new key file is made that could never read these tokens.
    await assert.rejects(
      TokenStore.open(d),
      (e: unknown) => e instanceof StoreKeyError && /is missing/.test(e.message),
    );
    assert.deepEqual(await readdir(d), ['store.json']);

    const d2 = dir();
    const keyFile = join(work, 'elsewhere', 'plaid.key');
    const s2 = await TokenStore.open(d2, { keyFile });
    await s2.put(items()[1]!);
    await s2.close();
    assert.deepEqual(await readdir(d2), ['store.json']);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    // A key file others can read is tightened at start.
    await chmod(keyFile, 0o644);
    await (await TokenStore.open(d2, { keyFile })).close();
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);

    // The settings: STORE_KEY is checked and never echoed.
    const bad = 'not-a-key-but-a-secretish-value';
    assert.throws(
      () => loadConfig({ flags: {}, env: { STORE_KEY: bad } }, { require: [] }),
      (e: unknown) => e instanceof ConfigError && e.setting === 'STORE_KEY' && !e.message.includes(bad),
    );
    const config = loadConfig(
      { flags: {}, env: { STORE_KEY: Buffer.alloc(32, 7).toString('hex'), STORE_KEY_FILE: keyFile } },
      { require: [] },
    );
    assert.equal(config.storeKey!.length, 32);
    assert.equal(config.storeKeyFile, keyFile);
  });

  it('binds each ciphertext to its item: swapped or damaged tokens are refused', async () => {
    const d = dir();
    const store = await TokenStore.open(d);
    await store.put(items()[0]!);
    await store.put(items()[1]!);
    await store.close();
    const path = join(d, 'store.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    [file.items[0].access_token_enc, file.items[1].access_token_enc] = [
      file.items[1].access_token_enc,
      file.items[0].access_token_enc,
    ];
    await writeFile(path, JSON.stringify(file));
    await assert.rejects(
      TokenStore.open(d),
      (e: unknown) => e instanceof StoreCorruptError && /item-0 cannot be decrypted/.test(e.message),
    );
  });

  it(
    'rotates the key: tokens re-encrypted, the old key no longer opens it, ' +
      'an interrupted rotation finishes at the next start',
    async () => {
      const d = dir();
      const store = await TokenStore.open(d);
      for (const item of items()) await store.put(item);
      const oldKey = await readFile(join(d, 'store.key'), 'utf8');
      const oldText = await readFile(join(d, 'store.json'), 'utf8');
      const next = newKeyText();
      const { id } = await store.rotateKey(next, join(d, 'store.key'));
      await store.close();
      assert.equal(id, keyId(parseKeyText(next)!));
      assert.equal((await readFile(join(d, 'store.key'), 'utf8')).trim(), next);
      const newText = await readFile(join(d, 'store.json'), 'utf8');
      assert.equal(JSON.parse(newText).key_id, id);
      assert.notEqual(JSON.parse(newText).items[0].access_token_enc, JSON.parse(oldText).items[0].access_token_enc);
      assert.deepEqual((await readdir(d)).sort(), ['store.json', 'store.key']);
      await assert.rejects(TokenStore.open(d, { envKey: parseKeyText(oldKey) }), StoreKeyError);

      // Crash after the store was rewritten but before store.key.new replaced store.key.
      const d2 = dir();
      const s2 = await TokenStore.open(d2);
      await s2.put(items()[0]!);
      const newer = newKeyText();
      await s2.rotateKey(newer, join(d2, 'store.key'));
      await s2.close();
      await writeFile(join(d2, 'store.key.new'), newer + '\n', { mode: 0o600 });
      await writeFile(join(d2, 'store.key'), oldKey, { mode: 0o600 });
      const s3 = await TokenStore.open(d2);
      assert.equal(s3.get('item-0')!.access_token, TOKENS[0]);
      await s3.close();
      assert.equal((await readFile(join(d2, 'store.key'), 'utf8')).trim(), newer);
      assert.deepEqual((await readdir(d2)).sort(), ['store.json', 'store.key']);
      // Crash before the store was rewritten: the new key is a leftover, the old one still works.
      await writeFile(join(d2, 'store.key.new'), newKeyText() + '\n', { mode: 0o600 });
      const s4 = await TokenStore.open(d2);
      assert.equal(s4.get('item-0')!.access_token, TOKENS[0]);
      await s4.close();
      assert.deepEqual((await readdir(d2)).sort(), ['store.json', 'store.key']);
    },
  );

  it('rotate-key from the command line', async () => {
    const d = dir();
    const store = await TokenStore.open(d);
    for (const item of items()) await store.put(item);
    const before = store.keyInfo.id;
    await store.close();
    const run = await runCli(['rotate-key'], { DATA_DIR: d });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`re-encrypted 5 access token\\(s\\) and replaced .*store\\.key: key id ${before} -> [0-9a-f]{16}`),
    );
    const after = await TokenStore.open(d);
    assert.notEqual(after.keyInfo.id, before);
    assert.deepEqual(
      after.items().map((i) => i.access_token),
      TOKENS,
    );
    await after.close();
    assert.equal(clearHits((await readFile(join(d, 'store.json'), 'utf8')) + run.stdout + run.stderr), 0);
  });
});

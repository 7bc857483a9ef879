// The token store's file, frozen per release (test/protocol/fixtures/<release>/store.json,
// written by each release's TokenStore from the samples with STORE_KEY_TEXT):
// today's store writes the current release's shape and opens 0.1.0's file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STORE_VERSION } from '../../../src/companion/store/store-file.js';
import { parseKeyText } from '../../../src/companion/store/store-key.js';
import { TokenStore } from '../../../src/companion/store/token-store.js';
import { INSTALLATION_ID, SAMPLE_ITEMS, STORE_KEY_TEXT, withoutDueDates } from '../../protocol/wire-samples.js';

const CURRENT = '0.3.0';
const fixtureText = (release: string) =>
  readFile(new URL(`../../protocol/fixtures/${release}/store.json`, import.meta.url), 'utf8');

/** The ciphertexts differ on every write (a fresh nonce each): compared as "a ciphertext". */
const withoutCiphertexts = (text: string) =>
  text.replace(/"access_token_enc": "v1\.[^"]+"/g, '"access_token_enc": "…"');

async function inStoreDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pbc-store-format-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('token store file format', () => {
  it(`today's store writes the ${CURRENT} file`, async () => {
    assert.equal(STORE_VERSION, 2, 'a new store version needs a fixture of the release that writes it');
    const written = await inStoreDir(async (dir) => {
      // A plaintext (version 1) store is encrypted and rewritten at once, with the key given.
      await writeFile(
        join(dir, 'store.json'),
        JSON.stringify({ version: 1, installation_id: INSTALLATION_ID, items: SAMPLE_ITEMS }),
      );
      const store = await TokenStore.open(dir, { envKey: parseKeyText(STORE_KEY_TEXT) });
      await store.close();
      return readFile(join(dir, 'store.json'), 'utf8');
    });
    assert.equal(withoutCiphertexts(written), withoutCiphertexts(await fixtureText(CURRENT)));
  });

  for (const release of ['0.1.0', '0.2.0', CURRENT]) {
    it(`today's store opens the ${release} file and decrypts its tokens`, async () => {
      const items = await inStoreDir(async (dir) => {
        await writeFile(join(dir, 'store.json'), await fixtureText(release));
        const store = await TokenStore.open(dir, { envKey: parseKeyText(STORE_KEY_TEXT) });
        await store.close();
        return store.items();
      });
      // 0.1.0 had no due dates; its Items load without them.
      assert.deepEqual(items, release === '0.1.0' ? withoutDueDates(SAMPLE_ITEMS) : SAMPLE_ITEMS);
    });
  }
});

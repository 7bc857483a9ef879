// The token store's file, frozen per release (test/protocol/fixtures/<release>/store.json,
// written by each release's TokenStore from the samples with STORE_KEY_TEXT):
// today's store writes the current release's shape and opens 0.1.0's and 0.2.0's files.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STORE_VERSION } from '../../../src/companion/store/store-file.js';
import { parseKeyText } from '../../../src/companion/store/store-key.js';
import { TokenStore, type StoredItem } from '../../../src/companion/store/token-store.js';
import type { ItemTransactions } from '../../../src/companion/transactions/item-transactions.js';
import { INSTALLATION_ID, SAMPLE_ITEMS, STORE_KEY_TEXT, withoutDueDates } from '../../protocol/wire-samples.js';

/** 0.3.0 added each Item's transactions: one Item synced with an event waiting, one linked without them. */
const SAMPLE_TRANSACTIONS: Record<string, ItemTransactions> = {
  item_platypus: {
    status: 'ok',
    cursor: 'CAESJVdyWDRnNnB6Qk5Zb2dyUVh5eUR2VmdKNFNTS0R5ZWV',
    synced_at: '2026-12-01T08:00:00.000Z',
    events_since: '2026-11-30',
    error: null,
    skipped: 1,
    ledger: [
      {
        transaction_id: 'tx_starbucks_1201',
        account_id: 'acc_credit_3333',
        date: '2026-12-01',
        amount: 4.33,
        currency: 'USD',
        name: 'Starbucks',
        merchant: 'Starbucks',
        category: 'FOOD_AND_DRINK',
        category_detailed: 'FOOD_AND_DRINK_COFFEE',
        pending: true,
      },
      {
        transaction_id: 'tx_payroll_1101',
        account_id: 'acc_checking_0000',
        date: '2026-11-01',
        amount: -2500,
        currency: 'USD',
        name: 'ACME PAYROLL',
        merchant: null,
        category: 'INCOME',
        category_detailed: 'INCOME_WAGES',
        pending: false,
      },
    ],
    outbox: [
      {
        plaid_balance_transaction: 1,
        event_type: 'purchase',
        transaction_id: 'tx_starbucks_1201',
        amount: 4.33,
        direction: 'out',
        currency: 'USD',
        name: 'Starbucks',
        merchant: 'Starbucks',
        category: 'FOOD_AND_DRINK',
        category_detailed: 'FOOD_AND_DRINK_COFFEE',
        pending: true,
        date: '2026-12-01',
        account: 'Plaid Credit Card',
        mask: '3333',
        institution_name: 'First Platypus Bank',
        plaid_item_id: 'item_platypus',
        plaid_account_id: 'acc_credit_3333',
        balance_entity: 'sensor.plaid_first_platypus_bank_3333_current',
      },
    ],
  },
  item_tartan: {
    status: 'not_enabled',
    cursor: null,
    synced_at: null,
    events_since: null,
    error: { error_code: 'ADDITIONAL_CONSENT_REQUIRED', display_message: null },
    skipped: 0,
    ledger: [],
    outbox: [],
  },
};

const withTransactions = (items: readonly StoredItem[]): StoredItem[] =>
  items.map((item) => ({ ...item, transactions: SAMPLE_TRANSACTIONS[item.item_id] }));

const CURRENT = '0.3.0';
const fixtureText = (release: string) =>
  readFile(new URL(`../../protocol/fixtures/${release}/store.json`, import.meta.url), 'utf8');

/** The ciphertexts differ on every write (a fresh nonce each): compared as "a ciphertext". */
const withoutCiphertexts = (text: string) => text.replace(/"(access_token_enc|cursor_enc)": "v1\.[^"]+"/g, '"$1": "…"');

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
    assert.equal(STORE_VERSION, 3, 'a new store version needs a fixture of the release that writes it');
    const written = await inStoreDir(async (dir) => {
      // A plaintext (version 1) store is encrypted and rewritten at once, with the key given.
      await writeFile(
        join(dir, 'store.json'),
        JSON.stringify({ version: 1, installation_id: INSTALLATION_ID, items: SAMPLE_ITEMS }),
      );
      const store = await TokenStore.open(dir, { envKey: parseKeyText(STORE_KEY_TEXT) });
      for (const item of withTransactions(SAMPLE_ITEMS)) await store.put(item);
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
      // 0.1.0 had no due dates, 0.2.0 no transactions; their Items load without them.
      const expected = { '0.1.0': withoutDueDates(SAMPLE_ITEMS), '0.2.0': SAMPLE_ITEMS }[release];
      assert.deepEqual(items, expected ?? withTransactions(SAMPLE_ITEMS));
    });
  }
});

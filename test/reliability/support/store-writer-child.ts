/**
 * Child process for the crash-safety test: opens the real token store in
 * argv[2] and rewrites it in a loop until killed. Each generation n rewrites
 * its item with `gen-n` values, so a torn write would show mixed generations.
 * Progress goes to stdout with writeSync (in the kernel's pipe before the next
 * step, so a SIGKILL cannot lose a line that was written).
 */
import { writeSync } from 'node:fs';
import { TokenStore, type StoredItem } from '../../../src/companion/store/token-store.js';

/** One item, so every generation is exactly one store write (a few tens of KB). */
const ACCOUNTS = 60;

export function generationItem(n: number, k: number): StoredItem {
  return {
    item_id: `item-${k}`,
    access_token: `access-sandbox-crash-${k}-gen-${n}`,
    institution_id: 'ins_109508',
    institution_name: `gen-${n}`,
    entity_label: `bank_${k}`,
    account_masks: [],
    configured: true,
    accounts: Array.from({ length: ACCOUNTS }, (_, a) => ({
      account_id: `acc-${k}-${a}`,
      name: `gen-${n} account ${a} ${'x'.repeat(200)}`,
      official_name: null,
      mask: String(1000 + a),
      type: 'depository',
      subtype: 'checking',
      currency: 'USD',
      kinds: ['current' as const],
      current: n + a / 100,
      available: null,
      limit: null,
    })),
    last_refreshed: null,
    status: 'ok',
    error: null,
    created_at: '2025-01-01T00:00:00.000Z',
  };
}

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const store = await TokenStore.open(dir);
  const current = store.get('item-0');
  let n = current ? Number(current.institution_name.slice(4)) : 0;
  writeSync(1, `ready ${n}\n`);
  for (;;) {
    n += 1;
    writeSync(1, `start ${n}\n`);
    await store.put(generationItem(n, 0));
    writeSync(1, `done ${n}\n`);
  }
}

if (process.argv[2]) void main();

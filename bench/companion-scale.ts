/**
 * The companion at household scale (issue #35, part 4): helpers the companion
 * bench uses around its simulated-time child. A first sync is forced by
 * dropping every Item's transactions from the store (they are absent until an
 * Item's first sync, store-file.ts), and "committed" means the store file on
 * disk holds them again. The bare Node process is the yardstick for RSS,
 * measured in the same run with the same flags, so the ratio does not depend
 * on the machine.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STORE_FILE } from '../src/companion/store/store-file.js';
import type { CallRecord } from '../simulators/plaid/plaid-server.js';

interface StoreJson {
  items: Array<{ item_id: string; transactions?: unknown }>;
}

const readStore = async (dataDir: string): Promise<StoreJson> =>
  JSON.parse(await readFile(join(dataDir, STORE_FILE), 'utf8')) as StoreJson;

/** Forgets every Item's transactions (and cursor), so the next start syncs each Item's window from scratch. */
export async function forgetTransactions(dataDir: string): Promise<void> {
  const store = await readStore(dataDir);
  for (const item of store.items) delete item.transactions;
  await writeFile(join(dataDir, STORE_FILE), JSON.stringify(store));
}

/** Whether the store on disk holds a committed transaction window for every one of `itemIds`. */
export async function windowsCommitted(dataDir: string, itemIds: readonly string[]): Promise<boolean> {
  try {
    const store = await readStore(dataDir);
    const synced = new Set(store.items.filter((i) => i.transactions).map((i) => i.item_id));
    return itemIds.every((id) => synced.has(id));
  } catch {
    return false; // mid-rename or mid-write: ask again
  }
}

/** RSS of a bare `node -e` process with the companion's flags, after it idled as long as the companion did. */
export function bareNodeRss(nodeFlags: readonly string[], idleMs = 2000): Promise<number> {
  const script = `setTimeout(() => process.stdout.write(String(process.memoryUsage().rss)), ${idleMs})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`node -e exited ${code}`))));
  });
}

/** Plaid calls after `seqAfter`, per Item and endpoint. */
export function callsByEndpoint(
  calls: readonly CallRecord[],
  seqAfter: number,
  itemIds: readonly string[],
): Map<string, Record<string, number>> {
  const byItem = new Map<string, Record<string, number>>(itemIds.map((id) => [id, {}]));
  for (const c of calls) {
    if (c.seq <= seqAfter || c.item_id === null) continue;
    const counts = byItem.get(c.item_id);
    if (counts) counts[c.endpoint] = (counts[c.endpoint] ?? 0) + 1;
  }
  return byItem;
}

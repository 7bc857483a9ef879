/**
 * The token store's pid lock (`DATA_DIR/store.lock`): one process at a time
 * opens the store for writing. A lock whose process is gone is stale and is
 * taken over; `list` and `doctor` read the store without it.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { StoreLockedError } from '../errors.js';
import { isProcessAlive } from './process-alive.js';

export const LOCK_FILE = 'store.lock';

/**
 * Locks held by this process, so a stale lock left by an earlier run with our pid (pid 1 in a container) is not
 * mistaken for ours.
 */
const heldLocks = new Set<string>();

export interface StoreLock {
  readonly path: string;
  release(): Promise<void>;
}

export async function acquireStoreLock(dir: string): Promise<StoreLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldLocks.add(path);
      return {
        path,
        async release() {
          await fs.rm(path, { force: true });
          heldLocks.delete(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(await fs.readFile(path, 'utf8').catch(() => ''), 10);
    const ours = pid === process.pid && heldLocks.has(path);
    if (Number.isInteger(pid) && pid > 0 && (ours || (pid !== process.pid && isProcessAlive(pid)))) {
      throw new StoreLockedError(dir, pid);
    }
    // The process that wrote it is gone: the lock is stale.
    await fs.rm(path, { force: true });
  }
  throw new StoreLockedError(dir, 0);
}

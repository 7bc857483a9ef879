import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StoreLockedError } from '../../../src/companion/errors.js';
import { acquireStoreLock } from '../../../src/companion/store/store-lock.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'pbc-lock-'));

describe('store-lock', () => {
  it('lets only one process (or instance) hold the store, and takes over a stale lock', async () => {
    const dir = await tempDir();
    const first = await acquireStoreLock(dir);
    await assert.rejects(
      acquireStoreLock(dir),
      (err: unknown) => err instanceof StoreLockedError && err.pid === process.pid,
    );
    await first.release();
    // A lock left by a process that is gone.
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.on('exit', r));
    await writeFile(join(dir, 'store.lock'), `${child.pid}\n`);
    const second = await acquireStoreLock(dir);
    await second.release();
  });
});

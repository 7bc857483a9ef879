/**
 * Crash-safe file writes for the token store and the store key: the content
 * goes to a temp file in the same directory (`.<name>.<pid>.<random>.tmp`),
 * is fsynced, then takes the target's name, and the directory is fsynced so
 * the new name itself survives a power cut. A reader sees the old file or the
 * new one, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** A rename (or a new link) is durable only once the directory entry is on disk. */
export async function syncDirectory(dir: string): Promise<void> {
  const dh = await fs.open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

async function writeTemp(path: string, text: string, mode: number): Promise<string> {
  const tmp = tempPathFor(path);
  const fh = await fs.open(tmp, 'wx', mode);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  return tmp;
}

/** Replaces `path` with `text` (created with `mode`), atomically and durably. */
export async function writeFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = await writeTemp(path, text, mode);
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` with `text` only if it does not exist yet (EEXIST otherwise),
 * atomically and durably: two processes can never both create it, and a crash
 * never leaves it half written.
 */
export async function createFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = await writeTemp(path, text, mode);
  try {
    // link() fails if `path` exists.
    await fs.link(tmp, path).catch(async (err: NodeJS.ErrnoException) => {
      // Filesystems without hard links: an exclusive copy is just as safe against overwriting.
      if (err.code !== 'EPERM' && err.code !== 'ENOTSUP' && err.code !== 'ENOSYS') throw err;
      await fs.copyFile(tmp, path, fsConstants.COPYFILE_EXCL);
    });
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await syncDirectory(dirname(path));
}

/** Renames `from` to `to` and makes the rename durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await fs.rename(from, to);
  await syncDirectory(dirname(to));
}

/**
 * Removes temp files of `name` that a killed process left in `dir` (they may hold secrets); a live writer's are kept.
 */
export async function removeStaleTempFiles(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number.parseInt(entry.slice(prefix.length), 10);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid))) continue;
    await fs.rm(join(dir, entry), { force: true });
  }
}

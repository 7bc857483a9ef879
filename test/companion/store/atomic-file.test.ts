import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFileAtomic, removeStaleTempFiles, writeFileAtomic } from '../../../src/companion/store/atomic-file.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'pbc-atomic-'));

describe('atomic-file', () => {
  it('replaces a file with the given mode and leaves no temp file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'f.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    assert.equal(await readFile(path, 'utf8'), 'two');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['f.json']);
  });

  it('creates a file only when it does not exist yet', async () => {
    const dir = await tempDir();
    const path = join(dir, 'key');
    await createFileAtomic(path, 'first');
    await assert.rejects(createFileAtomic(path, 'second'), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
    assert.equal(await readFile(path, 'utf8'), 'first');
    assert.deepEqual(await readdir(dir), ['key']);
  });

  it('removes temp files of dead writers and keeps those of live ones', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.on('exit', r));
    await writeFile(join(dir, `.f.json.${child.pid}.aaaa.tmp`), 'stale');
    await writeFile(join(dir, `.f.json.${process.pid}.bbbb.tmp`), 'ours');
    await writeFile(join(dir, `.other.${child.pid}.cccc.tmp`), 'not this file');
    await removeStaleTempFiles(dir, 'f.json');
    assert.deepEqual((await readdir(dir)).sort(), [`.f.json.${process.pid}.bbbb.tmp`, `.other.${child.pid}.cccc.tmp`]);
  });
});

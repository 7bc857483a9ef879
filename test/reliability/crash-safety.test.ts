/**
 * Reliability #3: SIGKILL a real child process at random points while it
 * rewrites the token store, 100 times. After each kill the store parses and
 * holds the last finished generation or the one being written (never a mix,
 * never empty), its mode is still 0600, and the next open cleans up after the
 * dead process. Then: a corrupt or unreadable store stops the companion with a
 * clear error and is never overwritten.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { StoreCorruptError, StoreKeyError } from '../../src/companion/errors.js';
import { newKeyText } from '../../src/companion/store/store-key.js';
import { TokenStore } from '../../src/companion/store/token-store.js';
import { storedItem } from '../companion/helpers/fixtures.js';
import { runCli } from '../companion/helpers/spawn-cli.js';
import { seededRandom } from '../../simulators/demo/seeded-random.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KILLS = 100;

interface ChildRun {
  lastStart: number;
  lastDone: number;
  ready: number | null;
}

/** Runs the writer child, kills it with SIGKILL `delayMs` after it is ready (or after spawn). */
function runAndKill(bundle: string, dir: string, delayMs: number, fromSpawn: boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { lastStart: -1, lastDone: -1, ready: null };
    let buffer = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (fromSpawn) killTimer = setTimeout(kill, delayMs);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [what, n] = line.split(' ');
        if (what === 'ready') {
          run.ready = Number(n);
          if (!fromSpawn) killTimer = setTimeout(kill, delayMs);
        } else if (what === 'start') run.lastStart = Number(n);
        else if (what === 'done') run.lastDone = Number(n);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => {
      kill();
      reject(new Error(`child never got killed; stderr: ${stderr}`));
    }, 10_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself (${code}): ${stderr}`));
      resolve(run);
    });
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('reliability: crash safety of the token store', () => {
  let work: string;
  let bundle: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'pbc-crash-'));
    // Bundled once from the real token-store source, so each child starts in tens of ms (no tsx compile).
    bundle = join(work, 'store-writer-child.mjs');
    await build({
      entryPoints: [join(ROOT, 'test/reliability/support/store-writer-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** One lane: kills in sequence against one data directory. */
  async function lane(dir: string, kills: number, seed: number) {
    const random = seededRandom(seed);
    let expectedAtLeast = 0;
    let midWrite = 0;
    let survived = 0;
    for (let k = 0; k < kills; k++) {
      // Mostly shortly after the store is open (in the write loop); sometimes during start-up and open.
      const fromSpawn = random() < 0.15;
      const delay = fromSpawn ? 20 + Math.floor(random() * 80) : Math.floor(random() * 25);
      const run = await runAndKill(bundle, dir, delay, fromSpawn);
      if (run.lastStart > run.lastDone) midWrite++;

      const path = join(dir, 'store.json');
      const raw = await readFile(path).catch(() => null);
      if (raw === null) {
        // Killed before the very first store existed: allowed only then.
        assert.equal(expectedAtLeast, 0, `kill ${k}: the store vanished`);
        survived++;
        continue;
      }
      assert.ok(raw.length > 0, `kill ${k}: empty store file`);
      const file = JSON.parse(raw.toString('utf8')) as { version: number };
      assert.equal(file.version, 3);
      assert.equal((await stat(path)).mode & 0o777, 0o600, `kill ${k}: mode`);
      assert.equal((await stat(join(dir, 'store.key'))).mode & 0o777, 0o600, `kill ${k}: key mode`);
      const store = await TokenStore.open(dir);
      try {
        const item = store.get('item-0');
        const gen = item ? Number(item.institution_name.slice(4)) : 0;
        // Old or new: at least what the child confirmed, at most what it had started.
        const low = Math.max(expectedAtLeast, run.lastDone);
        const high = Math.max(low, run.lastStart);
        assert.ok(gen >= low && gen <= high, `kill ${k}: generation ${gen}, expected ${low}..${high}`);
        if (item) {
          assert.ok(
            item.accounts.every((a) => a.name.startsWith(`gen-${gen} `) && Math.floor(a.current!) === gen),
            `kill ${k}: mixed generations`,
          );
          assert.equal(item.access_token, `access-sandbox-crash-0-gen-${gen}`);
        }
        expectedAtLeast = gen;
      } finally {
        await store.close();
      }
      // The next open removed the dead child's temp file and stale lock.
      assert.deepEqual((await readdir(dir)).sort(), ['store.json', 'store.key'], `kill ${k}: leftovers`);
      survived++;
    }
    return { survived, generations: expectedAtLeast, midWrite };
  }

  it(`survives ${KILLS} SIGKILLs during store writes: old or new content, never torn, mode 0600`, async () => {
    const started = Date.now();
    // Two lanes in parallel (one per core), each its own store.
    const lanes = await Promise.all([
      lane(join(work, 'lane-a'), KILLS / 2, 7),
      lane(join(work, 'lane-b'), KILLS / 2, 11),
    ]);
    const survived = lanes.reduce((s, l) => s + l.survived, 0);
    const generations = lanes.reduce((s, l) => s + l.generations, 0);
    const midWrite = lanes.reduce((s, l) => s + l.midWrite, 0);
    assert.ok(generations > 20, `only ${generations} generations were written`);
    assert.ok(midWrite > 10, `only ${midWrite} kills landed during a write`);
    assert.equal(survived, KILLS);
    console.log(
      `crashes survived: ${survived}/${KILLS} (${generations} generations written, ${midWrite} kills ` +
        `mid-write, ${Date.now() - started} ms)`,
    );
  });

  it('refuses a corrupt or unreadable store with a clear error and keeps the file untouched', async () => {
    const started = Date.now();
    const good = join(work, 'good');
    const store = await TokenStore.open(good);
    await store.put(storedItem());
    await store.close();
    const goodText = await readFile(join(good, 'store.json'), 'utf8');
    const goodKey = await readFile(join(good, 'store.key'), 'utf8');

    const cases: {
      name: string;
      store?: string | Buffer;
      dirAsFile?: boolean;
      key?: string | null;
      error: RegExp;
      kind: typeof StoreCorruptError | typeof StoreKeyError;
    }[] = [
      { name: 'empty file', store: '', error: /is empty/, kind: StoreCorruptError },
      {
        name: 'truncated JSON',
        store: goodText.slice(0, goodText.length / 2),
        error: /not valid JSON/,
        kind: StoreCorruptError,
      },
      {
        name: 'binary garbage',
        store: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]),
        error: /not valid JSON/,
        kind: StoreCorruptError,
      },
      {
        name: 'future version',
        store: JSON.stringify({ version: 9 }),
        error: /schema version 9/,
        kind: StoreCorruptError,
      },
      { name: 'not an object', store: '[]', error: /schema version undefined/, kind: StoreCorruptError },
      {
        name: 'schema violation',
        store: goodText.replace('"configured": true', '"configured": "yes"'),
        error: /configured/,
        kind: StoreCorruptError,
      },
      {
        name: 'damaged ciphertext',
        store: goodText.replace(
          /"access_token_enc": "v1\.(.)/,
          (_m, c: string) => `"access_token_enc": "v1.${c === 'A' ? 'B' : 'A'}`,
        ),
        error: /cannot be decrypted/,
        kind: StoreCorruptError,
      },
      { name: 'unreadable (a directory)', dirAsFile: true, error: /EISDIR/, kind: StoreCorruptError },
      { name: 'wrong key', store: goodText, key: newKeyText(), error: /is not the key/, kind: StoreKeyError },
      { name: 'key file missing', store: goodText, key: null, error: /is missing/, kind: StoreKeyError },
      {
        name: 'key file not a key',
        store: goodText,
        key: 'hello',
        error: /does not hold a 32-byte key/,
        kind: StoreKeyError,
      },
    ];
    let refused = 0;
    for (const c of cases) {
      const dir = join(work, `corrupt-${refused}`);
      await mkdir(dir, { recursive: true });
      if (c.dirAsFile) await mkdir(join(dir, 'store.json'));
      else await writeFile(join(dir, 'store.json'), c.store!, { mode: 0o600 });
      if (c.key !== null) await writeFile(join(dir, 'store.key'), c.key ?? goodKey, { mode: 0o600 });
      const before = c.dirAsFile ? null : sha(await readFile(join(dir, 'store.json')));
      const keyBefore = c.key === null ? null : sha(await readFile(join(dir, 'store.key')));
      await assert.rejects(TokenStore.open(dir), (err: unknown) => {
        assert.ok(err instanceof c.kind, `${c.name}: ${String(err)}`);
        assert.match((err as Error).message, c.error, c.name);
        // One clear sentence that says where and what to do; never a token or key.
        assert.doesNotMatch((err as Error).message, /access-sandbox|v1\.[A-Za-z0-9+/]{20}/);
        if (err instanceof StoreCorruptError) assert.match(err.message, /left untouched/);
        return true;
      });
      if (before) assert.equal(sha(await readFile(join(dir, 'store.json'))), before, `${c.name}: store changed`);
      if (keyBefore) assert.equal(sha(await readFile(join(dir, 'store.key'))), keyBefore, `${c.name}: key changed`);
      // Nothing new was created (no key for a store that could not be read, no lock left behind).
      const names = (await readdir(dir)).sort();
      assert.deepEqual(names, c.key === null ? ['store.json'] : ['store.json', 'store.key'], c.name);
      refused++;
    }

    // Through the real command line: one line on stderr, exit code 1, the file kept.
    const env = (dir: string) => ({
      HA_URL: 'http://127.0.0.1:9',
      HA_TOKEN: 'x'.repeat(20),
      PLAID_CLIENT_ID: 'id',
      PLAID_SECRET: 's'.repeat(30),
      DATA_DIR: dir,
    });
    for (const n of [1, 8]) {
      const dir = join(work, `corrupt-${n}`);
      const before = sha(await readFile(join(dir, 'store.json')));
      const run = await runCli(['start'], env(dir));
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /plaid-balance-companion: the token store/);
      assert.equal(sha(await readFile(join(dir, 'store.json'))), before);
      refused++;
    }
    console.log(`corrupt stores refused and kept: ${refused}/${cases.length + 2} (${Date.now() - started} ms)`);
  });
});

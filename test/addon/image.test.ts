/**
 * What the add-on's image is built from, checked without Docker (this machine
 * cannot pull base images): the committed bundle is a fresh build of
 * src/, every COPY source exists in the build context, and the start script
 * runs the bundle with the companion's Node flags.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADDON_BUNDLE, COMPANION_NODE_FLAGS, buildCompanion } from '../../scripts/build-companion.mjs';
import { readImage } from '../../simulators/supervisor/addon-container.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('add-on image', () => {
  it('ships the bundle of the current sources', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbc-addon-bundle-'));
    try {
      const fresh = await buildCompanion(join(dir, 'plaid-balance-companion.mjs'));
      const [built, shipped] = await Promise.all([readFile(fresh), readFile(ADDON_BUNDLE)]);
      assert.ok(
        built.equals(shipped),
        'plaid-balance-companion/plaid-balance-companion.mjs is out of date: run npm run build and commit it',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('copies only files that exist in the add-on folder (the Supervisor builds from it alone)', () => {
    const dir = join(root, 'plaid-balance-companion');
    const sources = readImage(join(dir, 'Dockerfile')).copySources;
    assert.deepEqual(sources, ['plaid-balance-companion.mjs', 'run.sh']);
    for (const source of sources) assert.ok(existsSync(join(dir, source)), source);
  });

  it('has a start script that is executable and runs the bundle with the companion’s Node flags', () => {
    const script = join(root, 'plaid-balance-companion', 'run.sh');
    assert.ok(statSync(script).mode & 0o100, 'run.sh is executable');
    const text = readFileSync(script, 'utf8');
    assert.match(text, /^#!\/bin\/sh\n/);
    const exec = text.split('\n').find((l) => l.startsWith('exec node '));
    assert.equal(
      exec,
      `exec node ${COMPANION_NODE_FLAGS.join(' ')} "$(dirname "$0")/plaid-balance-companion.mjs" start`,
    );
  });

  it('has the add-on files the store shows: DOCS, CHANGELOG, a 128×128 icon and a logo', () => {
    const dir = join(root, 'plaid-balance-companion');
    for (const file of ['DOCS.md', 'CHANGELOG.md']) assert.ok(readFileSync(join(dir, file), 'utf8').length > 100, file);
    const size = (file: string) => {
      const png = readFileSync(join(dir, file));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', file);
      return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    };
    assert.deepEqual(size('icon.png'), { width: 128, height: 128 });
    const logo = size('logo.png');
    // The store shows the logo at most 250 px high; HA's docs ask for a landscape image about 250×100.
    assert.ok(logo.height <= 250 && logo.width >= logo.height, JSON.stringify(logo));
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';

const root = new URL('../../', import.meta.url);
const DIST = fileURLToPath(new URL('dist/', root));

describe('dist/ (the card as HACS installs it)', () => {
  it('holds exactly the files of a fresh build, each byte for byte', { timeout: 120_000 }, async () => {
    const configUrl = new URL('rollup.config.mjs', root).href;
    const { default: config } = (await import(configUrl)) as { default: RollupOptions };
    const dir = await mkdtemp(join(tmpdir(), 'plaid-card-build-'));
    const bundle = await rollup(config);
    try {
      await bundle.write({ ...(config.output as OutputOptions), dir });
      const [fresh, committed] = await Promise.all([readdir(dir), readdir(DIST)]);
      // HACS downloads every file in dist/: a stale chunk would ship too, a missing one breaks the card.
      assert.deepEqual(
        committed.sort(),
        fresh.sort(),
        'dist/ has other files than a fresh build: run npm run build and commit dist/',
      );
      assert.ok(fresh.includes('plaid-balance-card.js'), "the entry keeps hacs.json's filename");
      for (const name of fresh) {
        const [a, b] = await Promise.all([readFile(join(dir, name), 'utf8'), readFile(join(DIST, name), 'utf8')]);
        assert.ok(a === b, `dist/${name} is out of date: run npm run build and commit dist/`);
      }
    } finally {
      await bundle.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

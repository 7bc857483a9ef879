import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';

const root = new URL('../../', import.meta.url);

describe('dist/plaid-balance-card.js', () => {
  it('matches a fresh build', { timeout: 120_000 }, async () => {
    const configUrl = new URL('rollup.config.mjs', root).href;
    const { default: config } = (await import(configUrl)) as { default: RollupOptions };
    const dir = await mkdtemp(join(tmpdir(), 'plaid-card-build-'));
    const bundle = await rollup(config);
    try {
      const file = join(dir, 'plaid-balance-card.js');
      await bundle.write({ ...(config.output as OutputOptions), file });
      const [fresh, committed] = await Promise.all([
        readFile(file, 'utf8'),
        readFile(new URL('dist/plaid-balance-card.js', root), 'utf8'),
      ]);
      assert.ok(fresh === committed, 'dist/plaid-balance-card.js is out of date: run npm run build and commit dist/');
    } finally {
      await bundle.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

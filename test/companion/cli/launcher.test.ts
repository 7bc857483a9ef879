import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMPANION_NODE_FLAGS } from '../../../scripts/build-companion.mjs';

test('npm run companion passes the node flags the tests and the benchmark use', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts.companion ?? '';
  assert.match(script, /^node .*scripts\/companion\.mjs$/);
  for (const flag of COMPANION_NODE_FLAGS) assert.ok(script.includes(flag), `scripts.companion lacks ${flag}`);
});

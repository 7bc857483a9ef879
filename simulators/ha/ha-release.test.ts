// The frontend the simulator serves is the build its HA release requires:
// HA's build writes its version into version.txt and into the core bundle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { fetchHaFrontend } from '../../scripts/fetch-ha-frontend.mjs';
import { HA_RELEASE } from './ha-release.js';

it("serves the frontend build that the release's frontend manifest requires", () => {
  const dir = fetchHaFrontend();
  assert.equal(readFileSync(join(dir, 'version.txt'), 'utf8').trim(), HA_RELEASE.frontend);
  const core = readdirSync(join(dir, 'frontend_latest')).find((name) => /^core\.[0-9a-f]+\.js$/.test(name));
  assert.ok(core, 'the frontend has a core bundle');
  const bundle = readFileSync(join(dir, 'frontend_latest', core), 'utf8');
  assert.equal(/window\.frontendVersion="([^"]+)"/.exec(bundle)?.[1], HA_RELEASE.frontend);
});

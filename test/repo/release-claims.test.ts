// What the project says about versions, held to what is built and tested: one
// release number everywhere it is shown or sent, the Home Assistant release
// whose frontend the card is tested in, and the Node the companion runs on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cardConfigForm } from '../../src/card/card-config-form.js';
import { RELEASE } from '../../src/protocol/index.js';
import { ADDON_BUNDLE, companionBuildOptions } from '../../scripts/build-companion.mjs';
import { HA_RELEASE } from '../../simulators/ha/ha-release.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  version: string;
  description: string;
  engines: { node: string };
};

describe('one release number', () => {
  it('package.json, the add-on manifest and the code say the same release', () => {
    assert.equal(RELEASE, packageJson.version);
    assert.equal((parse(read('plaid-balance-companion/config.yaml')) as { version: string }).version, RELEASE);
  });

  it('the built card and the add-on bundle carry it (from package.json, at build time)', () => {
    const card = readdirSync(join(root, 'dist')).map((f) => read(`dist/${f}`));
    assert.ok(
      card.some((text) => text.includes(`"${RELEASE}"`)),
      'dist/ is not built from this package.json',
    );
    assert.ok(readFileSync(ADDON_BUNDLE, 'utf8').includes(`{version:"${RELEASE}"}`), 'the add-on bundle');
    for (const bundle of [...card, readFileSync(ADDON_BUNDLE, 'utf8')])
      assert.ok(!bundle.includes(packageJson.description), 'only the version of package.json is bundled');
  });

  it("the card's visual editor shows it", () => {
    for (const language of ['en', 'de'])
      assert.match(cardConfigForm(language).computeHelper({ name: 'entities' }) ?? '', new RegExp(` ${RELEASE}\\.$`));
  });

  it('both changelogs start with it', () => {
    assert.match(read('CHANGELOG.md'), new RegExp(`^## \\[${RELEASE}\\]`, 'm'));
    const firstRoot = /^## \[(\d+\.\d+\.\d+)\]/m.exec(read('CHANGELOG.md'))?.[1];
    const firstAddon = /^## (\d+\.\d+\.\d+)/m.exec(read('plaid-balance-companion/CHANGELOG.md'))?.[1];
    assert.deepEqual([firstRoot, firstAddon], [RELEASE, RELEASE]);
  });
});

describe('what the project claims to run on', () => {
  it("HACS asks for the Home Assistant release whose frontend the card's tests run in", () => {
    // The frontend the simulators serve is this release's own build: simulators/ha/ha-release.test.ts checks it.
    assert.equal((JSON.parse(read('hacs.json')) as { homeassistant: string }).homeassistant, HA_RELEASE.core);
  });

  it("the README's Node claim is the build target, the engines field and the add-on image's", () => {
    const readme = read('README.md');
    assert.equal(companionBuildOptions.target, 'node20');
    assert.equal(packageJson.engines.node, '>=20.19');
    assert.match(readme, /built for Node 20\s+and later \(esbuild `target: 'node20'`\)/);
    const dockerfile = read('plaid-balance-companion/Dockerfile');
    const base = /^ARG BUILD_FROM=(\S+)$/m.exec(dockerfile)?.[1];
    const install = /^RUN (apk add --no-cache nodejs)$/m.exec(dockerfile)?.[1];
    assert.ok(base && install, 'the Dockerfile installs Alpine’s nodejs on its base image');
    assert.ok(readme.includes(`\`${base}\``), `the README names the add-on's base image ${base}`);
    assert.ok(readme.replace(/\s+/g, ' ').includes(`\`${install}\``), 'the README names how Node is installed');
    assert.doesNotMatch(readme, /Node 20 as\s+well, in every way/);
  });
});

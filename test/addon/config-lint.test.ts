import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PROJECT_URL } from '../../src/protocol/index.js';
import { lintAddonConfig } from './support/addon-lint.js';

const read = (path: string) =>
  parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('add-on manifest', () => {
  it('passes the add-on linter: its schema and its further rules', () => {
    assert.deepEqual(lintAddonConfig(read('plaid-balance-companion/config.yaml')), []);
  });

  it('the linter catches what it is meant to catch', () => {
    const good = read('plaid-balance-companion/config.yaml');
    const problems = lintAddonConfig({
      ...good,
      arch: ['amd64', 'armv7'],
      backup: 'hot',
      watchdog: 'tcp://[HOST]:[PORT:80]',
      services: ['mqtt:maybe'],
      map: ['config:rw'],
      colour: 'blue',
      schema: { ...(good.schema as object), poll_interval: 'duration' },
    });
    assert.ok(problems.some((p) => /'armv7' is deprecated/.test(p)));
    assert.ok(problems.some((p) => /'backup' should be removed, it uses a default value/.test(p)));
    assert.ok(problems.some((p) => /'watchdog' is obsolete/.test(p)));
    assert.ok(problems.some((p) => /\/services\/0 must match pattern/.test(p)));
    assert.ok(problems.some((p) => /'map' with 'config'/.test(p)));
    assert.ok(problems.some((p) => /must NOT have additional properties.*colour/.test(p)));
    assert.ok(problems.some((p) => /schema 'poll_interval': 'duration' is no option type/.test(p)));
  });

  it('the repository file names the add-on repository, with the add-on’s URL', () => {
    const repo = read('repository.yaml');
    assert.equal(typeof repo.name, 'string');
    assert.equal(typeof repo.maintainer, 'string');
    assert.equal(repo.url, read('plaid-balance-companion/config.yaml').url);
    // …and the card's help link and the MQTT device's support link name the same project.
    assert.equal(repo.url, PROJECT_URL);
    // The card's help link goes to the README's section on the card (src/card/plaid-balance-card.ts).
    assert.match(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), /^## The card$/m);
    // The my.home-assistant.io "add repository" links carry the same URL.
    const link = `repository_url=${encodeURIComponent(repo.url as string)}`;
    for (const doc of ['README.md', 'plaid-balance-companion/DOCS.md']) {
      assert.ok(
        readFileSync(new URL(`../../${doc}`, import.meta.url), 'utf8').includes(link),
        `${doc} links to add ${repo.url}`,
      );
    }
  });
});

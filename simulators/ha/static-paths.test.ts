// `/local/` (HA core's frontend: `<config>/www`) and `/hacsfiles/` (HACS's
// frontend.py: `<config>/www/community`) are static paths: HA serves them to
// anyone, with no token, which is why the Plaid tab's done page lives there.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHaSim, type HaSim } from './ha-server.js';

describe('HA sim static paths', () => {
  let sim: HaSim;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ha-static-'));
    await writeFile(join(dir, 'done.html'), '<!doctype html><p>done</p>');
    sim = await startHaSim({
      frontend: {
        local: { 'done.html': join(dir, 'done.html') },
        hacsfiles: { 'some-card/done.html': join(dir, 'done.html') },
      },
    });
  });

  after(async () => {
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves /local/ and /hacsfiles/ without authentication, HACS’s with HA’s month of caching', async () => {
    const local = await fetch(`${sim.url}/local/done.html?x=1`);
    assert.equal(local.status, 200);
    assert.equal(local.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await local.text(), '<!doctype html><p>done</p>');
    const hacs = await fetch(`${sim.url}/hacsfiles/some-card/done.html`);
    assert.equal(hacs.status, 200);
    assert.equal(hacs.headers.get('cache-control'), 'public, max-age=2678400');
    assert.equal(await hacs.text(), '<!doctype html><p>done</p>');
  });

  it('answers 404 for a file it does not hold', async () => {
    for (const path of ['/hacsfiles/some-card/other.html', '/hacsfiles/done.html', '/local/constructor']) {
      const res = await fetch(sim.url + path);
      await res.arrayBuffer();
      assert.equal(res.status, 404, path);
    }
  });
});

/**
 * The container image, compose file and systemd unit for HA Container and HA
 * Core users, checked as far as this machine allows (it cannot pull images):
 * the files parse and point at files that exist, the unit passes
 * `systemd-analyze verify`, and the image's HEALTHCHECK command tells a
 * connected companion from a disconnected one.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ADDON_BUNDLE, COMPANION_NODE_FLAGS } from '../../scripts/build-companion.mjs';
import { SETTINGS } from '../../src/companion/config/config.js';
import { startHaSim } from '../../simulators/ha/ha-server.js';
import { startPlaidSim } from '../../simulators/plaid/plaid-server.js';
import { readImage } from '../../simulators/supervisor/addon-container.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = join(root, 'deploy');
const dockerfile = join(deploy, 'Dockerfile');
const dockerfileText = readFileSync(dockerfile, 'utf8');

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('container image', () => {
  it(
    'copies only files that exist, keeps them in the build context, ' + 'runs as a non-root user with a /data volume',
    () => {
      const image = readImage(dockerfile);
      assert.deepEqual(image.copySources, ['plaid-balance-companion/plaid-balance-companion.mjs']);
      for (const source of image.copySources) assert.ok(existsSync(join(root, source)), source);
      const ignore = readFileSync(join(deploy, 'Dockerfile.dockerignore'), 'utf8').split('\n');
      for (const source of image.copySources)
        assert.ok(ignore.includes(`!${source}`), `${source} is kept in the build context`);
      assert.match(dockerfileText, /^USER node$/m);
      assert.match(dockerfileText, /^VOLUME \/data$/m);
      assert.equal(image.env.DATA_DIR, '/data');
      assert.equal(
        image.healthcheck,
        readImage(join(root, 'plaid-balance-companion', 'Dockerfile')).healthcheck,
        'the same check as the add-on',
      );
      const entrypoint = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(dockerfileText)![1]!) as string[];
      assert.deepEqual(entrypoint, ['node', ...COMPANION_NODE_FLAGS, '/app/plaid-balance-companion.mjs']);
    },
  );

  it(
    'its HEALTHCHECK says healthy while the companion is connected to Home Assistant, and not while it is cut off',
    { timeout: 90_000 },
    async () => {
      const image = readImage(dockerfile);
      const [plaid, ha] = await Promise.all([startPlaidSim(), startHaSim()]);
      const dir = await mkdtemp(join(tmpdir(), 'pbc-container-'));
      // The container's /tmp and /data, on this machine.
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      for (const [key, value] of Object.entries(image.env)) env[key] = value.startsWith('/') ? join(dir, value) : value;
      Object.assign(env, {
        HA_URL: ha.url,
        HA_TOKEN: ha.adminToken,
        PLAID_CLIENT_ID: plaid.clientId,
        PLAID_SECRET: plaid.secret,
        PLAID_BASE_URL: plaid.url,
      });
      const check = () =>
        new Promise<number | null>((done) =>
          spawn('/bin/sh', ['-c', image.healthcheck!], { env, stdio: 'ignore' }).on('close', (code) => done(code)),
        );
      const companion = spawn(process.execPath, [...COMPANION_NODE_FLAGS, ADDON_BUNDLE, 'start'], {
        env,
        stdio: 'ignore',
      });
      const exited = new Promise((done) => companion.on('close', done));
      try {
        assert.notEqual(await check(), 0, 'unhealthy before it connects');
        await until('healthy', async () => (await check()) === 0);
        await ha.restart({ downMs: 4000 });
        await until('unhealthy while HA is away', async () => (await check()) !== 0);
        await until('healthy again', async () => (await check()) === 0);
        companion.kill('SIGTERM');
        await exited;
        assert.notEqual(await check(), 0, 'unhealthy once stopped');
      } finally {
        companion.kill('SIGKILL');
        await Promise.all([ha.close(), plaid.close()]);
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(deploy, 'compose.yaml'), 'utf8')) as {
    services: Record<
      string,
      {
        image?: string;
        build?: { context: string; dockerfile: string };
        env_file?: string;
        volumes?: string[];
        init?: boolean;
      }
    >;
    volumes?: Record<string, unknown>;
  };

  it('runs the companion beside HA’s own service, built from this repository', () => {
    assert.match(compose.services.homeassistant!.image!, /^ghcr\.io\/home-assistant\/home-assistant:/);
    const companion = compose.services['plaid-balance-companion']!;
    const context = resolve(deploy, companion.build!.context);
    assert.equal(context, resolve(root));
    assert.equal(resolve(context, companion.build!.dockerfile), dockerfile);
    assert.equal(companion.init, true, 'an init passes SIGTERM on');
    assert.ok(existsSync(join(deploy, `${companion.env_file}.example`)), 'the env file has an example to copy');
    const data = companion.volumes!.find((v) => v.endsWith(':/data'))!;
    assert.ok(data && data.split(':')[0]! in compose.volumes!, 'the store lives in a named volume');
  });

  it('the environment example sets only companion settings', () => {
    const known = new Set(Object.values(SETTINGS).map((s) => s.env));
    const keys = readFileSync(join(deploy, 'companion.env.example'), 'utf8')
      .split('\n')
      .map((l) => /^#?([A-Z_]+)=/.exec(l)?.[1])
      .filter((k): k is string => k !== undefined);
    assert.ok(keys.length >= 4);
    for (const key of keys) assert.ok(known.has(key), key);
  });
});

describe('systemd unit', () => {
  const unitPath = join(deploy, 'plaid-balance-companion.service');
  const unit = readFileSync(unitPath, 'utf8');

  it('runs the bundle as a dynamic user with a state directory and the environment file', () => {
    assert.match(unit, /^DynamicUser=yes$/m);
    assert.match(unit, /^StateDirectory=plaid-balance-companion$/m);
    assert.match(unit, /^Environment=DATA_DIR=%S\/plaid-balance-companion$/m);
    assert.match(unit, /^EnvironmentFile=\/etc\/plaid-balance-companion\/companion\.env$/m);
    assert.match(
      unit,
      new RegExp(
        `^ExecStart=/usr/bin/env node ${COMPANION_NODE_FLAGS.join(' ')} ` +
          `/opt/plaid-balance-companion/plaid-balance-companion\\.mjs start$`,
        'm',
      ),
    );
    assert.match(unit, /^RestartPreventExitStatus=2$/m, 'a bad setting is not retried forever');
  });

  it(
    'passes systemd-analyze verify',
    { skip: spawnSync('systemd-analyze', ['--version']).status !== 0 && 'systemd-analyze is not installed' },
    () => {
      const run = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr.trim(), '', 'no warnings (unknown keys only warn)');
    },
  );
});

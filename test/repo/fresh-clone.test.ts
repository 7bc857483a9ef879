// What a new user does first, with nothing beside the clone: `git clone`,
// `npm ci`, `npm run demo`, open the printed dashboard URL. A missing install
// step or a file read from outside the repository fails here instead of for a
// user. It clones the committed HEAD, so uncommitted changes are not part of it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** npm's engine warnings we accept, each explained in the README ("Node versions"). */
const EXPLAINED_ENGINE_WARNINGS = ['custom-card-helpers@'];

let parent: string;
let clone: string;
let npmCiOutput = '';

function run(cmd: string, args: string[], cwd: string): string {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `${cmd} ${args.join(' ')} failed in ${cwd}:\n${output}`);
  return output;
}

/** Starts `npm run demo` in its own process group; resolves with the printed dashboard URL. */
function startDemo(cwd: string): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0'], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The whole group (npm, tsx, the demo, its companion child) gets the signal, as from a terminal.
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /^Dashboard: (\S+)/m.exec(text);
      if (match) resolve({ url: match[1], stop, output: () => text });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`npm run demo exited with ${code} before printing its dashboard:\n${text}`)),
    );
  });
}

describe('a fresh clone with nothing beside it', { timeout: 360_000 }, () => {
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'plaid-balance-clone-'));
    clone = join(parent, 'plaid-balance');
    run('git', ['clone', '--quiet', REPO, clone], parent);
    npmCiOutput = run('npm', ['ci'], clone);
  });

  after(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('sits alone in its parent directory (so ../anything cannot be found)', async () => {
    assert.deepEqual(await readdir(parent), ['plaid-balance']);
  });

  it('npm ci prints no engine warning beyond the ones the README explains', () => {
    const unexplained = npmCiOutput
      .split('\n')
      .filter((line) => /EBADENGINE.*package:/.test(line))
      .filter((line) => !EXPLAINED_ENGINE_WARNINGS.some((pkg) => line.includes(pkg)));
    assert.deepEqual(unexplained, []);
    assert.doesNotMatch(npmCiOutput, /install scripts not yet covered/);
  });

  it('npm run demo serves the dashboard it prints, and Ctrl-C stops it cleanly', async () => {
    const demo = await startDemo(clone);
    try {
      // HA's own frontend: its index page, and the card served as HA serves <config>/www.
      const response = await fetch(demo.url);
      assert.equal(response.status, 200, demo.output());
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await response.text(), /<home-assistant>/);
      const card = await fetch(new URL('/local/plaid-balance-card.js', demo.url));
      assert.equal(card.status, 200);
      assert.match(await card.text(), /plaid-balance-card/);
    } finally {
      // Ctrl-C reaches npm too, which then ends by the signal: what counts is that the demo stopped its parts.
      await demo.stop();
    }
    assert.match(demo.output(), /companion stopped/);
    await assert.rejects(fetch(demo.url), /fetch failed/, 'the HA simulator still answers after Ctrl-C');
  });
});

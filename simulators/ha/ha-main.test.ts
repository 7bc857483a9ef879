// The CLI prints the release it plays, its URL and tokens, serves HA's REST API, and exits cleanly on SIGINT (Ctrl-C).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { startCli } from '../demo/cli-process.js';
import { HA_RELEASE } from './ha-release.js';

it('starts with an env admin token, answers the REST API, and stops on SIGINT', async () => {
  const env = { ...process.env, HA_SIM_ADMIN_TOKEN: 'cli-admin-token' };
  const cli = await startCli(resolve(import.meta.dirname, 'ha-main.ts'), ['--port', '0'], env, (out) =>
    out.includes('user token'),
  );
  const url = /simulator at (http:\/\/\S+)/.exec(cli.output())![1]!;
  assert.match(cli.output(), new RegExp(`^Home Assistant ${HA_RELEASE.core.replaceAll('.', '\\.')} simulator at`, 'm'));
  assert.ok(!cli.output().includes('cli-admin-token'), 'a token from the environment is not echoed');
  const res = await fetch(`${url}/api/`, { headers: { authorization: 'Bearer cli-admin-token' } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { message: 'API running.' });

  assert.equal(await cli.stop('SIGINT'), 0);
  assert.match(cli.output(), /SIGINT: closing/);
  await assert.rejects(fetch(`${url}/api/`), 'the port is closed after exit');
});

it('rejects a bad --port with exit code 2', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'ha-main.ts'), '--port', '99999'],
    { stdio: 'ignore' },
  );
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
});

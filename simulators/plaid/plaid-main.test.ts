// The CLI prints its URL and credentials (a secret only when it made one up), serves, and exits cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { startCli } from '../demo/cli-process.js';

it('starts with env credentials, answers Plaid calls, and stops on SIGTERM', async () => {
  const env = { ...process.env, PLAID_CLIENT_ID: 'cli-client', PLAID_SECRET: 'cli-secret' };
  const cli = await startCli(resolve(import.meta.dirname, 'plaid-main.ts'), ['--port', '0'], env, (out) =>
    out.includes('Sandbox login'),
  );
  const out = cli.output();
  const url = /PLAID_BASE_URL=(\S+)/.exec(out)![1]!;
  assert.match(out, /PLAID_CLIENT_ID=cli-client/);
  assert.ok(!out.includes('cli-secret'), 'a secret from the environment is not echoed');
  const res = await fetch(`${url}/institutions/get_by_id`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'cli-client',
      secret: 'cli-secret',
      institution_id: 'ins_109508',
      country_codes: ['US'],
    }),
  });
  assert.equal(res.status, 200);
  assert.equal(await cli.stop('SIGTERM'), 0);
});

it('rejects a bad --port with exit code 2', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'plaid-main.ts'), '--port', 'abc'],
    {
      stdio: 'ignore',
    },
  );
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
});

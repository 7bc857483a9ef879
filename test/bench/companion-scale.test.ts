import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsByEndpoint, forgetTransactions, windowsCommitted } from '../../bench/companion-scale.js';
import type { CallRecord } from '../../simulators/plaid/plaid-server.js';

test('forgetTransactions drops every window; windowsCommitted sees them back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pbc-scale-'));
  try {
    const store = { version: 3, items: [{ item_id: 'a', transactions: { ledger: [] } }, { item_id: 'b' }] };
    await writeFile(join(dir, 'store.json'), JSON.stringify(store));
    assert.equal(await windowsCommitted(dir, ['a']), true);
    assert.equal(await windowsCommitted(dir, ['a', 'b']), false);
    await forgetTransactions(dir);
    const after = JSON.parse(await readFile(join(dir, 'store.json'), 'utf8')) as typeof store;
    assert.deepEqual(after, { version: 3, items: [{ item_id: 'a' }, { item_id: 'b' }] });
    assert.equal(await windowsCommitted(dir, ['a']), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('windowsCommitted answers false while the file cannot be read', async () => {
  assert.equal(await windowsCommitted(join(tmpdir(), 'pbc-no-such-dir'), ['a']), false);
});

test('callsByEndpoint counts per Item and endpoint, after a sequence number only', () => {
  const call = (seq: number, endpoint: string, item_id: string | null) =>
    ({ seq, endpoint, item_id, time: 0, status: 200, outcome: 'ok', injected: false }) as CallRecord;
  const calls = [
    call(1, '/accounts/get', 'a'),
    call(2, '/accounts/get', 'a'),
    call(3, '/transactions/sync', 'a'),
    call(4, '/accounts/get', 'a'),
    call(5, '/link/token/create', null),
    call(6, '/accounts/get', 'z'),
  ];
  const counts = callsByEndpoint(calls, 1, ['a', 'b']);
  assert.deepEqual(Object.fromEntries(counts), {
    a: { '/accounts/get': 2, '/transactions/sync': 1 },
    b: {},
  });
});

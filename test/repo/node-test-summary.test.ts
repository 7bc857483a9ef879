// `npm test` adds up the Node suites' counts and repeats why they failed from
// run-node-tests.mjs's closing summary: a summary it cannot read would turn a
// failing suite into a missing count. Runs the real runner on two tiny files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatSummary, readSummary } from '../../scripts/node-test-summary.mjs';

const run = promisify(execFile);

test('the totals and the reasons read back from the runner on a failing and a passing file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-test-summary-'));
  try {
    writeFileSync(
      join(dir, 'a.test.ts'),
      "import { test } from 'node:test';\ntest('holds', () => {});\ntest('also holds', () => {});\n",
    );
    writeFileSync(
      join(dir, 'b.test.ts'),
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n" +
        "test('the balance is 12', () => assert.equal(11, 12));\n",
    );
    // Without the parent's NODE_TEST_CONTEXT: under it, node --test reports to this process instead of printing its
    // summary.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const failure = await run(process.execPath, ['scripts/run-node-tests.mjs', dir], { env }).then(
      () => assert.fail('the runner exited 0 with a failing test'),
      (e: { code: number; stdout: string }) => e,
    );
    assert.equal(failure.code, 1);
    const summary = readSummary(failure.stdout);
    assert.deepEqual(summary.counts, { passed: 2, failed: 1 });
    assert.match(summary.whyFailed ?? '', /^# why they failed\n# .*b\.test\.ts\n[^]*the balance is 12/);
    assert.doesNotMatch(summary.whyFailed ?? '', /node test files with failures/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a summary with nothing failed has counts and no reasons', () => {
  const summary = formatSummary({ details: [], problems: [], files: 3, passed: 7, failed: 0 });
  const text = `earlier output\nℹ pass 9\nℹ fail 9\n${summary}\n`;
  assert.deepEqual(readSummary(text), { counts: { passed: 7, failed: 0 }, whyFailed: null });
});

test('output without a summary has no counts', () => {
  assert.deepEqual(readSummary('Killed\n'), { counts: null, whyFailed: null });
});

// Node 20's test runner takes no globs, so list the files here; browser tests
// (*.browser.test.ts) belong to @web/test-runner instead.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((root) =>
  readdirSync(root, { recursive: true })
    .map((f) => join(root, String(f)))
    .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.browser.test.ts'))
    .sort(),
);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);

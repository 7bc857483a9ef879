// Runs every Node test file under the given folders or files (default test/ and simulators/, not the browser suites,
// which
// belong to @web/test-runner) in its own process, one after another, each under
// a deadline: a file whose servers or browser never let it exit fails by name
// instead of hanging the suite. Ends with a summary (node-test-summary.mjs)
// that scripts/test.mjs reads.
import { readdirSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { teeOutput } from './tee-output.mjs';
import { formatSummary, lastCount } from './node-test-summary.mjs';

/**
 * Seconds one file may take; TEST_FILE_TIMEOUT_S overrides (the slowest files, the journeys in HA's real frontend, need
 * 2–4 min on 2 cores).
 */
const FILE_TIMEOUT_S = Number(process.env.TEST_FILE_TIMEOUT_S ?? 600);

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test', 'simulators'];
const files = roots.flatMap((root) =>
  (statSync(root).isFile() ? [root] : readdirSync(root, { recursive: true }).map((f) => join(root, String(f))))
    .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.browser.test.ts'))
    .sort(),
);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}

/** Most a failure's details may add to the closing summary, per file. */
const DETAILS_CHARS = 4000;

/**
 * The spec reporter's own "failing tests" section of one file's output: the
 * closing summary repeats it, so a log read from its end (as CI's is) still
 * says why a test failed, not only which file.
 */
function failureDetails(text) {
  const at = text.lastIndexOf('✖ failing tests:');
  if (at < 0) return null;
  const section = text.slice(at).replace(/\nℹ [\s\S]*$/, '');
  return section.length > DETAILS_CHARS
    ? `${section.slice(0, DETAILS_CHARS)}\n… (cut; the file's own output above has it all)`
    : section;
}

/** Runs one file; resolves with its counts, or a failure of its own when it timed out or never reported. */
function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    // Its own process group, so a timeout also stops what the file started (servers, children).
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = teeOutput(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, FILE_TIMEOUT_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const passed = lastCount(output(), 'pass') ?? 0;
      const failed = lastCount(output(), 'fail');
      if (timedOut) {
        resolve({ file, passed, failed: (failed ?? 0) + 1, problem: `timed out after ${FILE_TIMEOUT_S} s` });
      } else if (failed === null) {
        resolve({ file, passed, failed: 1, problem: `exited with code ${code} without a test summary` });
      } else {
        resolve({
          file,
          passed,
          failed,
          problem: code === 0 ? null : `exited with code ${code}`,
          seconds,
          details: failureDetails(output()),
        });
      }
    });
  });
}

let passed = 0;
let failed = 0;
const problems = [];
const details = [];
for (const file of files) {
  const result = await runFile(file);
  passed += result.passed;
  failed += result.failed;
  if (result.problem || result.failed) problems.push(`${result.file}: ${result.problem ?? `${result.failed} failed`}`);
  if (result.details) details.push(`# ${result.file}\n${result.details}`);
}

console.log(formatSummary({ details, problems, files: files.length, passed, failed }));
process.exit(problems.length ? 1 : 0);

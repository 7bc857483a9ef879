// `npm test`: the type check, lint, the format check, the Node suites and the browser suites in turn,
// then why Node tests failed (if they did) and one closing line that adds up
// what both test runners counted.
import { spawn } from 'node:child_process';
import { teeOutput } from './tee-output.mjs';
import { readSummary } from './node-test-summary.mjs';

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'format', cmd: ['npx', 'prettier', '--check', '**/*.{ts,mjs}'] },
  {
    name: 'node tests',
    cmd: [process.execPath, 'scripts/run-node-tests.mjs', 'test', 'simulators'],
    counts: (text) => readSummary(text).counts,
  },
  { name: 'browser tests', cmd: ['npx', 'wtr'], counts: wtrCounts },
];

function wtrCounts(text) {
  const all = [...text.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : null;
}

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = teeOutput(child);
    child.on('close', (code) => resolve({ code: code ?? 1, text: output() }));
  });
}

let passed = 0;
let failed = 0;
const broken = [];
const reasons = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const { code, text } = await run(step.cmd);
  const counts = step.counts?.(text);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (code !== 0 || (step.counts && !counts)) broken.push(step.name);
  // run-node-tests.mjs's account of why tests failed, repeated last: CI's log is read from its end.
  const why = readSummary(text).whyFailed;
  if (why) reasons.push(why);
}
for (const why of reasons) console.log(`\n${why}`);
if (broken.length) console.log(`\nfailed step: ${broken.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(broken.length || failed ? 1 : 0);

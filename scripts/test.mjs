// `npm test`: the type check, the Node suites and the browser suites in turn,
// then one closing line that adds up what both test runners counted.
import { spawn } from 'node:child_process';
import { teeOutput } from './tee-output.mjs';

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', '.'] },
  { name: 'node tests', cmd: [process.execPath, 'scripts/run-node-tests.mjs', 'test'], counts: nodeCounts },
  { name: 'browser tests', cmd: ['npx', 'wtr'], counts: wtrCounts },
];

/** The last `ℹ pass`/`ℹ fail` pair: run-node-tests.mjs ends with the totals after every file's own. */
function nodeCounts(text) {
  const pass = [...text.matchAll(/^ℹ pass (\d+)$/gm)].at(-1);
  const fail = [...text.matchAll(/^ℹ fail (\d+)$/gm)].at(-1);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
}

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
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const { code, text } = await run(step.cmd);
  const counts = step.counts?.(text);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (code !== 0 || (step.counts && !counts)) broken.push(step.name);
}
if (broken.length) console.log(`\nfailed step: ${broken.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(broken.length || failed ? 1 : 0);

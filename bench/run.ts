/**
 * `npm run bench` (tsx bench/run.ts): the card's own figures in Debian's
 * Chromium, the card against HA's own cards in HA's real frontend, then
 * companion figures against the simulators; prints one table and writes it to
 * test-output/bench/results.json and, after a full run, into
 * docs/performance.md. Exits 1 when any figure misses its budget.
 * Flags: --quick (fewer repetitions), --card-only (both card parts),
 * --ha-only (the card against HA's cards), --companion-only; a run with any of
 * them leaves docs/performance.md alone, whose table is a full run's.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCardBench } from './card-bench.js';
import { runCompanionBench } from './companion-bench.js';
import { runHaFrontendBench } from './ha-frontend-bench.js';
import { writeBenchTable } from './performance-doc.js';
import { formatTable, writeResults, type Row } from './table.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const log = (line: string) => process.stderr.write(line + '\n');
const REPO = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS = join(REPO, 'test-output', 'bench', 'results.json');
const PERFORMANCE_DOC = join(REPO, 'docs', 'performance.md');
const only = ['--card-only', '--ha-only', '--companion-only'].find((a) => args.has(a));
const fullRun = !quick && !only;

const started = Date.now();
const rows: Row[] = [];
if (!only || only === '--card-only') {
  log('card figures …');
  rows.push(...(await runCardBench({ quick, log })));
}
if (!only || only === '--card-only' || only === '--ha-only') {
  log("the card against HA's own cards, in HA's frontend …");
  rows.push(...(await runHaFrontendBench({ quick, log })));
}
if (!only || only === '--companion-only') {
  log('companion figures …');
  rows.push(...(await runCompanionBench({ quick, log })));
}
const table = formatTable(rows);
process.stdout.write(table + '\n');
const run = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
await writeResults(RESULTS, rows, {
  ...run,
  quick,
  seconds: Math.round((Date.now() - started) / 1000),
  memoryBytes: totalmem(),
});
if (fullRun) await writeBenchTable(PERFORMANCE_DOC, rows, run);
const failed = rows.filter((r) => r.pass === false);
const verdict = failed.length ? `${failed.length} figure(s) over budget` : 'every figure within budget';
const written = `test-output/bench/results.json${fullRun ? ' and docs/performance.md' : ''}`;
process.stdout.write(`\n${verdict}; results in ${written}\n`);
process.exit(failed.length ? 1 : 0);

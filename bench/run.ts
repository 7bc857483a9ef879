/**
 * `npm run bench` (tsx bench/run.ts): card figures in Debian's Chromium, then
 * companion figures against the simulators; prints one table and writes it to
 * test-output/bench/results.json. Exits 1 when any figure misses its budget.
 * Flags: --quick (fewer repetitions), --card-only, --companion-only.
 * See docs/performance.md.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCardBench } from './card-bench.js';
import { runCompanionBench } from './companion-bench.js';
import { formatTable, writeResults, type Row } from './table.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const log = (line: string) => process.stderr.write(line + '\n');
export const RESULTS = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'bench', 'results.json');

const started = Date.now();
const rows: Row[] = [];
if (!args.has('--companion-only')) {
  log('card figures …');
  rows.push(...(await runCardBench({ quick, log })));
}
if (!args.has('--card-only')) {
  log('companion figures …');
  rows.push(...(await runCompanionBench({ quick, log })));
}
const table = formatTable(rows);
process.stdout.write(table + '\n');
await writeResults(RESULTS, rows, {
  date: new Date().toISOString(),
  quick,
  seconds: Math.round((Date.now() - started) / 1000),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryBytes: totalmem(),
});
const failed = rows.filter((r) => r.pass === false);
process.stdout.write(
  `\n${failed.length ? `${failed.length} figure(s) over budget` : 'every figure within budget'}; results in test-output/bench/results.json\n`,
);
process.exit(failed.length ? 1 : 0);

import { runCompanionBench } from './companion-bench.ts';
import { formatTable } from './table.ts';
const rows = await runCompanionBench({ quick: process.argv.includes('--quick'), log: console.log });
console.log(formatTable(rows));

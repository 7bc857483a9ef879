import { runCardBench } from './card-bench.ts';
import { formatTable } from './table.ts';
const rows = await runCardBench({ quick: process.argv.includes('--quick'), log: console.log });
console.log(formatTable(rows));

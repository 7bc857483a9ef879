import { runCardBench } from './card-bench.ts';
import { formatTable } from './table.ts';
const a = process.argv;
const rows = await runCardBench({ quick: a.includes('--quick'), fromSource: a.includes('--src'), profile: a.includes('--profile'), onlyFirst: a.includes('--first'), log: console.log });
console.log(formatTable(rows));

/**
 * Writes the bench's table into docs/performance.md between two marker
 * comments, so the document's prose (what each figure measures, why its
 * budget) stays as written and its figures are always the last full run's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { formatTable, type Row } from './table.js';

export const TABLE_START = '<!-- bench table: npm run bench writes from here -->';
export const TABLE_END = '<!-- bench table: to here -->';

/** What the run's heading line says about the machine. */
export interface RunFacts {
  /** ISO date or timestamp of the run; the day is shown. */
  date: string;
  node: string;
  cpus: number;
  cpu?: string | undefined;
}

/** The heading line and the table, as they stand between the markers. */
export function benchTableSection(rows: readonly Row[], run: RunFacts): string {
  const budgeted = rows.filter((r) => r.pass !== null);
  const over = budgeted.filter((r) => r.pass === false).length;
  const machine = `${run.cpus} CPU${run.cpus === 1 ? '' : 's'}${run.cpu ? ` (${run.cpu})` : ''}`;
  const verdict = `${over} of ${budgeted.length} budgeted figures over budget`;
  return `Measured ${run.date.slice(0, 10)} on ${machine}, Node ${run.node}: ${verdict}.\n\n${formatTable(rows)}`;
}

/** `doc` with everything between the markers replaced by `section`; throws when the markers are missing. */
export function withBenchTable(doc: string, section: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END, start);
  if (start < 0 || end < 0) throw new Error(`the document has no "${TABLE_START}" … "${TABLE_END}" markers`);
  return `${doc.slice(0, start + TABLE_START.length)}\n${section}\n${doc.slice(end)}`;
}

export async function writeBenchTable(file: string, rows: readonly Row[], run: RunFacts): Promise<void> {
  const doc = await readFile(file, 'utf8');
  await writeFile(file, withBenchTable(doc, benchTableSection(rows, run)));
}

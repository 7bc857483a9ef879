import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One line of the bench table. `pass: null` marks an informational row (no budget). */
export interface Row {
  figure: string;
  /** The headline number, in `unit`. */
  value: number | null;
  unit: string;
  /** Human text of the value, e.g. "38 µs (p95 51 µs, n=100)". */
  display: string;
  budget: string;
  pass: boolean | null;
  /** Machine-readable detail (samples summary, what was measured). */
  detail?: Record<string, unknown>;
}

export function resultLabel(pass: boolean | null): string {
  return pass === null ? 'info' : pass ? 'PASS' : 'FAIL';
}

export function formatTable(rows: readonly Row[]): string {
  const head = ['figure', 'value', 'budget', 'result'];
  const cells = rows.map((r) => [r.figure, r.display, r.budget, resultLabel(r.pass)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]!].length)));
  const line = (c: string[]) => '| ' + c.map((v, i) => v + ' '.repeat(widths[i]! - [...v].length)).join(' | ') + ' |';
  const sep = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(head), sep, ...cells.map(line)].join('\n');
}

export async function writeResults(file: string, rows: readonly Row[], meta: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const body = { ...meta, ok: rows.every((r) => r.pass !== false), rows };
  await writeFile(file, JSON.stringify(body, null, 2) + '\n');
}

/** Microseconds or milliseconds, three significant figures. */
export function fmtUs(us: number): string {
  return us >= 1000 ? `${fmt3(us / 1000)} ms` : `${fmt3(us)} µs`;
}
export function fmtMs(ms: number): string {
  return ms < 1 ? `${fmt3(ms * 1000)} µs` : ms >= 1000 ? `${fmt3(ms / 1000)} s` : `${fmt3(ms)} ms`;
}
export function fmt3(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

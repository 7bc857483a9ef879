// npm run bench writes its table into docs/performance.md between the
// markers and leaves the prose around them as it is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TABLE_END, TABLE_START, benchTableSection, withBenchTable } from '../../bench/performance-doc.js';
import type { Row } from '../../bench/table.js';

const ROWS: Row[] = [
  { figure: 'card size', value: 23229, unit: 'bytes', display: '23,229 bytes', budget: '≤ 25,000 bytes', pass: true },
  { figure: '  dialog chunk', value: 11497, unit: 'bytes', display: '11,497 bytes', budget: '—', pass: null },
  { figure: 'first render ÷ baseline', value: 2.02, unit: 'ratio', display: '×2.02', budget: '≤ ×1', pass: false },
];
const RUN = { date: '2026-12-07T10:00:00.000Z', node: 'v20.20.2', cpus: 2, cpu: 'Some CPU' };
const BEFORE = '# Performance\n\nWhat each figure measures.\n\n';
const AFTER = '\n\n## Method\n\nProse.\n';
const DOC = `${BEFORE}${TABLE_START}\nold table\n${TABLE_END}${AFTER}`;

describe('the bench table in docs/performance.md', () => {
  it('heads the table with the run and how many budgets it missed', () => {
    const section = benchTableSection(ROWS, RUN);
    const lines = section.split('\n');
    assert.equal(
      lines[0],
      'Measured 2026-12-07 on 2 CPUs (Some CPU), Node v20.20.2: 1 of 2 budgeted figures over budget.',
    );
    assert.equal(lines[1], '');
    assert.match(lines[2]!, /^\| figure +\| value +\| budget +\| result \|$/);
    assert.match(lines[4]!, /^\| card size +\| 23,229 bytes \| ≤ 25,000 bytes \| PASS +\|$/);
    assert.match(lines[5]!, /^\| {3}dialog chunk .*\| info +\|$/);
    assert.match(lines[6]!, /^\| first render ÷ baseline .*\| FAIL +\|$/);
    assert.match(benchTableSection(ROWS.slice(0, 2), RUN), /: 0 of 1 budgeted figures over budget\./);
  });

  it('replaces only what stands between the markers, the same way every time', () => {
    const section = benchTableSection(ROWS, RUN);
    const once = withBenchTable(DOC, section);
    assert.equal(once, `${BEFORE}${TABLE_START}\n${section}\n${TABLE_END}${AFTER}`);
    assert.equal(withBenchTable(once, section), once);
  });

  it('refuses a document without the markers instead of losing the table', () => {
    assert.throws(() => withBenchTable('# Performance\n', 'x'), /markers/);
    assert.throws(() => withBenchTable(`${TABLE_END}\n${TABLE_START}\n`, 'x'), /markers/);
  });

  it('docs/performance.md holds the markers', () => {
    const doc = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
    assert.ok(doc.includes(TABLE_START) && doc.indexOf(TABLE_END) > doc.indexOf(TABLE_START));
  });
});

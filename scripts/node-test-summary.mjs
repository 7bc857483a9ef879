// The closing summary run-node-tests.mjs prints and scripts/test.mjs reads:
// both sides of that text live here, so neither can change a heading alone.

const WHY_FAILED = '# why they failed';
const FILES_WITH_FAILURES = '# node test files with failures:';

/**
 * The summary's text: why tests failed (each file's own failing-tests
 * section), the files with problems, then the totals in node's own format
 * (`ℹ pass N` / `ℹ fail N`), last, as a log is read from its end.
 */
export function formatSummary({ details, problems, files, passed, failed }) {
  const lines = [];
  if (details.length) lines.push('', WHY_FAILED, details.join('\n'));
  lines.push('', FILES_WITH_FAILURES);
  lines.push(...(problems.length ? problems.map((p) => `#   ${p}`) : ['#   none']));
  lines.push(`ℹ files ${files}`, `ℹ pass ${passed}`, `ℹ fail ${failed}`);
  return lines.join('\n');
}

/** The last count of a label (`pass`, `fail`) in node's summary format, or null. */
export function lastCount(text, label) {
  const all = [...text.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))];
  return all.length ? Number(all.at(-1)[1]) : null;
}

/** The totals and the why-failed section of a summary (the last one in `text`); counts null when it has none. */
export function readSummary(text) {
  const passed = lastCount(text, 'pass');
  const failed = lastCount(text, 'fail');
  const at = text.lastIndexOf(`\n${WHY_FAILED}\n`);
  const end = at < 0 ? -1 : text.indexOf(`\n${FILES_WITH_FAILURES}`, at);
  return {
    counts: passed !== null && failed !== null ? { passed, failed } : null,
    whyFailed: at < 0 ? null : text.slice(at + 1, end < 0 ? undefined : end),
  };
}

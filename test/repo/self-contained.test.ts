// The repository must stand alone: a user clones it with nothing beside it. So
// no code, test, benchmark, script or CI step may refer to a path outside it —
// the way the Plaid simulator once read its spec from a folder beside the
// checkout. The samples below are assembled at run time, so this file holds
// no such path itself and is scanned like every other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'scripts', '.ci'];
const TEXT_FILE = /\.(ts|mts|mjs|js|json|sh|ya?ml|md)$|(^|\/)run$/;

/** Relative path literals ('../x', "./y", `../z`), and absolute paths into this workplace's checkout folder. */
const RELATIVE_LITERAL = /(['"`])(\.\.?\/[^'"`\s]*)\1/g;
const PRIVATE_ABSOLUTE = /(['"`\s(])(\/work\/[^'"`\s)]*)/g;
/** The folder of shared material that sits beside the checkout on the build machine, never in a user's clone. */
const SIBLING = ['..', 'shared'].join('/');
const SIBLING_FOLDER = new RegExp(`\\.\\./shared(?=[/'"\`\\s]|$)`, 'g');

interface OutsideReference {
  file: string;
  line: number;
  text: string;
}

/** Every reference in `text` (the content of `file`, relative to the repository) that leaves the repository. */
function outsideReferences(file: string, text: string, repo = REPO): OutsideReference[] {
  const found: OutsideReference[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, i) => {
    const add = (ref: string) => found.push({ file, line: i + 1, text: ref });
    for (const m of lineText.matchAll(RELATIVE_LITERAL)) {
      const target = resolve(dirname(join(repo, file)), m[2]);
      const rel = relative(repo, target);
      if (rel === '..' || rel.startsWith(`..${sep}`)) add(m[2]);
    }
    for (const m of lineText.matchAll(PRIVATE_ABSOLUTE)) add(m[2]);
    for (const m of lineText.matchAll(SIBLING_FOLDER)) add(m[0]);
  });
  return found;
}

function scannedFiles(): string[] {
  return SCANNED.flatMap((root) => {
    const abs = join(REPO, root);
    return readdirSync(abs, { recursive: true })
      .map((f) => join(root, String(f)))
      .filter((f) => TEXT_FILE.test(f) && statSync(join(REPO, f)).isFile());
  });
}

describe('the repository stands alone', () => {
  it('finds the references it is meant to find', () => {
    const specPath = ['..', '..', '..', SIBLING, 'plaid-openapi', '2020-09-14.yml'].join('/');
    const checkout = ['', 'work', 'main', '.cache'].join('/');
    const sample = [
      `const spec = resolve(here, '${specPath}');`,
      "import { x } from '../protocol/index.js';",
      `const cache = '${checkout}';`,
    ].join('\n');
    assert.deepEqual(
      outsideReferences('simulators/plaid/spec-validator.ts', sample).map((r) => [r.line, r.text]),
      [
        [1, specPath],
        [1, SIBLING],
        [3, checkout],
      ],
    );
  });

  it(`no file under ${SCANNED.join(', ')} refers to a path outside it`, () => {
    const files = scannedFiles();
    assert.ok(files.length > 100, `expected the source tree, found ${files.length} files`);
    const found = files.flatMap((f) => outsideReferences(f, readFileSync(join(REPO, f), 'utf8')));
    assert.deepEqual(found, []);
  });
});

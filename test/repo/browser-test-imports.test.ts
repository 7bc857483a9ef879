// Every browser test file imports the root hook that makes a failed assertion
// on a DOM node reportable (test/card/fixtures/readable-failures.ts): without
// it such a failure hangs its whole file for two minutes, naming no test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const TEST = fileURLToPath(new URL('..', import.meta.url));
const IMPORT = /^import '(\.\.?\/)+(card\/)?fixtures\/readable-failures\.js';$/m;

describe('browser test files', () => {
  const files = readdirSync(TEST, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.browser.test.ts'));

  it('are found', () => assert.ok(files.length >= 8, `only ${files.length} found under test/`));

  it('each import the hook that reports failures on DOM nodes', () => {
    const missing = files.filter((f) => !IMPORT.test(readFileSync(join(TEST, f), 'utf8')));
    assert.deepEqual(missing, []);
  });

  it('the check sees a file without the import', () => {
    assert.equal(IMPORT.test("import { expect } from '@open-wc/testing';\n"), false);
    assert.equal(IMPORT.test("import '../fixtures/readable-failures.js';\n"), true);
  });
});

import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import ts from 'typescript';

/**
 * Lit's css`` and html`` templates keep the source's indentation, which is a
 * tenth of the bundle. Our own templates hold no <pre> or <textarea> text and
 * no whitespace-sensitive CSS, so runs of whitespace (and CSS comments) can
 * shrink safely. The templates are found with the TypeScript parser, so
 * templates nested in other templates' expressions shrink too (a regex
 * cannot see past the inner backticks).
 */
function squeeze(text, tag) {
  if (tag === 'css') {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};:,>])\s*/g, '$1')
      .replace(/;}/g, '}');
  }
  return text
    .replace(/\s*\n\s*/g, '\n')
    .replace(/>\n</g, '><')
    .replace(/\n/g, ' ');
}

function minifyTemplates() {
  return {
    name: 'minify-lit-templates',
    transform(code, id) {
      if (!id.includes('/src/card/') || !id.endsWith('.ts')) return null;
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const edits = [];
      const visit = (node) => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          ts.isIdentifier(node.tag) &&
          (node.tag.text === 'html' || node.tag.text === 'css')
        ) {
          const t = node.template;
          const literals = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t]
            : [t.head, ...t.templateSpans.map((s) => s.literal)];
          for (const literal of literals) {
            const start = literal.getStart(file) + 1; // after ` or }
            const end = literal.end - (code.startsWith('${', literal.end - 2) ? 2 : 1); // before ${ or `
            edits.push([start, end, squeeze(code.slice(start, end), node.tag.text)]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
        out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}

const SUPERSTRUCT_CONSTRUCTORS = [
  'array',
  'boolean',
  'define',
  'enums',
  'literal',
  'nullable',
  'number',
  'object',
  'optional',
  'pattern',
  'record',
  'refine',
  'size',
  'string',
  'type',
  'union',
  'unknown',
];

/** src/protocol/release.ts reads package.json for its version: the card gets that key alone. */
function packageVersionOnly() {
  const path = join(process.cwd(), 'package.json');
  return {
    name: 'package-version-only',
    load(id) {
      if (id !== path) return null;
      return JSON.stringify({ version: JSON.parse(readFileSync(path, 'utf8')).version });
    },
  };
}

/** Hashed chunks of earlier builds would pile up in dist/ (and in every HACS install): keep only this build's files. */
function removeOtherFiles() {
  return {
    name: 'remove-other-files',
    writeBundle(options, bundle) {
      for (const name of readdirSync(options.dir))
        if (!(name in bundle)) rmSync(join(options.dir, name), { recursive: true });
    },
  };
}

/** Where the done page's template says its script goes. */
const DONE_PAGE_SCRIPT = '<!-- done-page script -->';

/**
 * The Plaid tab's done page (src/card/link-done-page/) as one file: its
 * template with the built script inlined, so the page loads nothing (not the
 * card's chunks, and no script a browser could have cached from another
 * version), and its script chunk is not shipped on its own.
 */
function inlineDonePage() {
  return {
    name: 'inline-done-page',
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.name === 'link-done-page');
      if (chunk.imports.length || chunk.dynamicImports.length)
        throw new Error('the done page shares modules with the card: it must stay one self-contained file');
      if (/<\/script/i.test(chunk.code)) throw new Error('the done page script holds </script>');
      const template = readFileSync('src/card/link-done-page/done-page.html', 'utf8');
      if (!template.includes(DONE_PAGE_SCRIPT)) throw new Error(`done-page.html has no ${DONE_PAGE_SCRIPT}`);
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- Rollup's way to drop an emitted chunk
      delete bundle[chunk.fileName];
      this.emitFile({
        type: 'asset',
        fileName: 'plaid-balance-link-done.html',
        source: template.replace(DONE_PAGE_SCRIPT, () => `<script>${chunk.code.trim()}</script>`),
      });
    },
  };
}

/**
 * The card for HACS, self-contained (Lit, superstruct and the protocol are
 * bundled in, nothing from a CDN) and byte-for-byte repeatable, so
 * test/card/dist-up-to-date.test.ts can compare it with a fresh build. These
 * scripts (see docs/architecture.md, "The card's files"):
 * - `plaid-balance-card.js`, the entry HA loads as the dashboard resource: it
 *   registers the card in the picker and imports
 * - `plaid-balance-card-main-<hash>.js`: the card element, Lit and everything
 *   the card and the dialog share;
 * - `plaid-balance-link-dialog-<hash>.js`: the link dialog, loaded when an admin
 *   first opens it (show-link-dialog.ts).
 * - `plaid-balance-card-config-form-<hash>.js`: the visual editor's form and its
 *   strings, loaded when HA's card editor asks for it (card.ts getConfigForm).
 * - `plaid-balance-card-strings-<language>-<hash>.js`: the card's strings in one
 *   language; the card loads its user's before its first render (localize.ts).
 * Beside them, `plaid-balance-link-done.html`, the page Plaid's tab ends on
 * (inlineDonePage above; src/card/link-done.ts says why it is not a dashboard).
 * The chunks are content-hashed because HACS versions only the entry's URL
 * (`?hacstag=`) while HA serves `/hacsfiles/` with a month of browser caching:
 * a fixed chunk name could pair a new entry with a stale cached chunk. The
 * card element sits in its own chunk (not in the entry) so that the dialog
 * imports what it shares from a hashed URL too: importing the entry without
 * its `?hacstag=` query would load and run a second copy of the card.
 */
export default {
  input: {
    card: 'src/card/plaid-balance-card.ts',
    'link-done-page': 'src/card/link-done-page/done-page.ts',
  },
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: false,
    entryFileNames: 'plaid-balance-[name].js',
    chunkFileNames: 'plaid-balance-[name]-[hash].js',
    // The element's static imports join it in the chunk; modules only the dialog imports stay in the dialog's.
    manualChunks: (id) => {
      if (id.endsWith('/src/card/card/card.ts')) return 'card-main';
      // Named for card-bench.ts and the dist test, which count the largest of them as part of what a dashboard loads.
      const language = /\/src\/card\/translations\/([\w-]+)\.json$/.exec(id)?.[1];
      return language ? `card-strings-${language}` : undefined;
    },
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    packageVersionOnly(),
    // Every JSON module is imported whole (`import x from`, or a language's strings by `import()`): no named exports.
    json({ preferConst: true, compact: true, namedExports: false }),
    typescript({
      // The shared options; src/card/tsconfig.json's world (DOM, no Node) is checked by `npm run typecheck`.
      tsconfig: './tsconfig.base.json',
      include: ['src/card/**/*.ts', 'src/protocol/**/*.ts'],
      compilerOptions: {
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        noEmit: false,
        allowJs: false,
        declaration: false,
        sourceMap: false,
        module: 'esnext',
        moduleResolution: 'bundler',
        types: [],
      },
      outputToFilesystem: false,
    }),
    minifyTemplates(),
    terser({ module: true, ecma: 2022, format: { comments: false }, compress: { passes: 3 } }),
    inlineDonePage(),
    removeOtherFiles(),
  ],
  treeshake: {
    // superstruct's constructors build plain objects; saying so lets Rollup drop the
    // protocol schemas only the companion uses (requests, BalanceAttributesSchema).
    manualPureFunctions: SUPERSTRUCT_CONSTRUCTORS,
  },
};

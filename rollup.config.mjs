import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/**
 * Lit's css`` and html`` templates keep the source's indentation, which is a
 * tenth of the bundle. Our own templates hold no <pre> or <textarea> text and
 * no whitespace-sensitive CSS, so runs of whitespace can shrink safely.
 */
function minifyTemplates() {
  const template = /\b(css|html)\s*`((?:[^`\\]|\\.)*)`/g;
  return {
    name: 'minify-lit-templates',
    transform(code, id) {
      if (!id.includes('/src/card/') || !id.endsWith('.ts')) return null;
      const out = code.replace(template, (_, tag, body) => {
        let text = body.replace(/\s*\n\s*/g, '\n');
        text =
          tag === 'css'
            ? text.replace(/\s+/g, ' ').replace(/\s*([{};:,>])\s*/g, '$1').replace(/;}/g, '}')
            : text.replace(/>\n</g, '><').replace(/\n/g, ' ');
        return `${tag}\`${text}\``;
      });
      return { code: out, map: null };
    },
  };
}

/**
 * One self-contained ES module for HACS: Lit, superstruct and the protocol are
 * bundled in (nothing from a CDN), and the output is byte-for-byte repeatable
 * so test/card/dist-up-to-date.test.ts can compare it with a fresh build.
 */
export default {
  input: 'src/card/index.ts',
  output: {
    file: 'dist/plaid-balance-card.js',
    format: 'es',
    sourcemap: false,
    inlineDynamicImports: true,
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    json({ preferConst: true, compact: true }),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/card/**/*.ts', 'src/protocol/**/*.ts'],
      // The repo's tsconfig is for type checking only (noEmit, NodeNext for the companion).
      compilerOptions: {
        noEmit: false,
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
  ],
  onwarn(warning, warn) {
    // Lit's decorators compile to `this` at module level in TS output; harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};

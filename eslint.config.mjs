// Lint as HA's own frontend does: typescript-eslint's strict rules everywhere,
// Lit's template checks and its accessibility rules for the card. Layout is
// Prettier's (npm test checks both).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'build/**',
      'vendor/**',
      'node_modules/**',
      '.cache/**',
      'test-output/**',
      'plaid-balance-companion/plaid-balance-companion.mjs',
      // The previous release's built card, kept as it shipped for the cross-release tests.
      'test/card/fixtures/card-0.1.0/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: false }],
      // A leading underscore says "left out on purpose" (a destructured field dropped, a parameter a signature needs).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // TypeScript itself reports undefined names, with each world's own globals.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Tests, simulators and the bench assert on fixtures they built: `!` there states what the fixture holds.
    files: ['test/**', 'simulators/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['test/**/*.browser.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // The simulators, the tests and the bench are not part of what users install.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/simulators/**', '**/test/**', '**/bench/**'], message: 'src/ never imports these.' },
          ],
        },
      ],
    },
  },
  {
    // Through the protocol's index, Rollup puts every protocol module the link dialog uses (its schemas, with
    // superstruct's) in the card's own chunk, which every dashboard loads: outside the dialog, import the module.
    files: ['src/card/**/*.ts'],
    ignores: ['src/card/dialog/**', 'src/card/companion-client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/simulators/**', '**/test/**', '**/bench/**'], message: 'src/ never imports these.' },
            { group: ['**/protocol/index.js'], message: 'Import the protocol module itself (see eslint.config.mjs).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/card/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/card/**/*.ts'],
    ...litA11y.configs.recommended,
  },
);

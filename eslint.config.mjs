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
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: false }],
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
    files: ['src/card/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/card/**/*.ts'],
    ...litA11y.configs.recommended,
  },
);

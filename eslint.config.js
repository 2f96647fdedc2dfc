// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * `npm run lint` (CI runs it after the typecheck) with no warnings allowed.
 *
 * Lint owns correctness, not layout: no formatter runs and no stylistic rule is on (typescript-eslint's
 * recommended sets have none). The house layout is what the code shows: two-space indent, single
 * quotes, semicolons, trailing commas in multi-line lists, long lines where they read better than
 * wrapped ones. Reformatting every file would bury the history for no reader's gain.
 *
 * Not type-aware: typescript-eslint's type-checked rules took about 55 s here (2 cores) against 15 s,
 * and `tsc` already runs in CI; what they add over it is mostly about `any`, which tests use on purpose.
 */
export default tseslint.config(
  { ignores: ['web/dist/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'migrations/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks what is unused on purpose (a parameter a signature needs, a key left
      // out of a copy by destructuring); so does a rest sibling.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests read JSON answers and build malformed payloads as `any` on purpose: the assertions are the types.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest'], reactRefresh.configs.vite],
    languageOptions: { globals: globals.browser },
  },
);

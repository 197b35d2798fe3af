// One lint for every TypeScript and JavaScript file the project keeps: tools,
// functions, constructs, tests, bench and scripts (npm run lint; CI runs it).
// typescript-eslint's recommended rules, plus type-aware checks where a mistake
// costs a deploy or a user's data: unawaited promises in the functions and the
// command-line tools (a topic change that never finishes, a process that exits
// with work pending). Type-aware rules only there: over the constructs they
// would load the provider bindings for little gain. Layout is Prettier's
// (.prettierrc.json, checked by the same npm run lint): eslint-config-prettier,
// last, turns off every rule that would argue with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.cache/**', '.gen/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An unused name is an error, unless a leading underscore says it is unused on purpose (a destructured rest, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // CommonJS files: the bin shim, jest's configs, the bench's floor programs.
    files: ['**/*.cjs', '*.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // jest.isolateModules and module mocks load the module under test inside a test.
    files: ['__tests__/**'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['functions/**/*.ts', 'bin/**/*.ts', 'cli/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  prettier,
);

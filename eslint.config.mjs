// ESLint (flat config) with typescript-eslint. Workflow code gets the determinism rules of
// STYLE.md: no Node built-ins and no I/O libraries under workflows/ (Temporal replays it), and
// floating promises are errors everywhere.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', '.data/', 'coverage/', 'db/migrations/mysql/', 'db/migrations/sqlite/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' })),
            ...['typeorm', 'mysql2', 'mysql2/promise', 'nodemailer', 'express', 'pino'].map((name) => ({
              name,
              message: 'Workflow code is replayed: no I/O libraries. Do I/O in an activity.',
            })),
          ],
          patterns: [
            {
              group: ['**/db', '**/db/**', '**/api', '**/api/**', '**/app/**', '**/temporal/**'],
              message: 'Workflow code may import only @temporalio/workflow, domain/ and types.',
            },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only (proxyActivities<typeof …>).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process access in workflow code.' },
        { name: 'require', message: 'No require in workflow code.' },
      ],
    },
  },
  {
    // Every update the API sends has a deadline: a process that cannot answer gives a 504, never a request that hangs.
    files: ['api/**/*.ts', 'app/**/*.ts'],
    ignores: ['api/platform/process-updates.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(executeUpdate|startUpdate|executeUpdateWithStart|startUpdateWithStart)$/]:not([callee.object.callee.name='updateHandle'])",
          message:
            'Send updates through updateHandle(client, workflowId) (api/platform/process-updates.ts): it sets the deadline and the answers of a stuck or failed update.',
        },
      ],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['scripts/**/*.ts', 'scripts/**/*.mjs', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
);

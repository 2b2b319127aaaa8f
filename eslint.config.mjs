// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.tools/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['apps/worker/src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net'],
              message: 'Not allowed in workflow code.',
            },
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@sus/catalog', '@sus/catalog/*'],
              message: 'Workflows import only @temporalio/workflow, @sus/domain and activity types.',
            },
            { group: ['../../*'], message: 'Use the @sus/* aliases.' },
          ],
        },
      ],
    },
  },
  {
    // Pure rules, shared by api, worker and the workflow bundle: no I/O, no framework.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'os'],
              message: 'libs/domain does no I/O.',
            },
            {
              group: [
                '@nestjs/*',
                '@temporalio/*',
                'typeorm',
                'pg',
                '@sus/catalog',
                '@sus/catalog/*',
                '@sus/workflows',
              ],
              message: 'libs/domain imports nothing from frameworks or the project.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'jest.config.js', 'bench/jest.config.js', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);

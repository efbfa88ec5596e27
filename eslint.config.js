import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'process',
  'timers',
  'worker_threads',
  'url',
  'util',
  'stream',
  'events',
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', '.tools', 'drizzle', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests read JSON bodies of many shapes; typing each one would add nothing the assertions do not check.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Routes and activities reach Postgres only through src/db/repositories (ARCHITECTURE "Where a use case lives"):
    // they hold the transaction, never a table or a query builder.
    files: ['src/api/**/*.ts', 'src/activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'drizzle-orm',
              message: 'Routes and activities query through src/db/repositories, not drizzle-orm.',
            },
          ],
          patterns: [
            {
              group: ['drizzle-orm/*', '**/db/schema', '**/db/schema/**'],
              message:
                'Routes and activities query through src/db/repositories, not the tables of src/db/schema.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: Node built-ins (and our I/O layers) are forbidden.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Workflow files must not import Node built-ins (determinism).' },
            {
              group: ['**/db/**', '**/api/**', '**/search/**', '**/infra/**'],
              message: 'Workflows import only domain code and activity types.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);

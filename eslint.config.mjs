import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.run/', 'libs/db/src/generated/', 'libs/client/src/generated/', 'infra/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through libs/config.' },
      ],
    },
  },
  {
    // Type-aware: a promise nobody awaits loses its errors, one handed to a callback slot that
    // expects void is never awaited. node:test's describe/it are awaited by the runner.
    files: ['**/*.ts'],
    ignores: ['prisma.config.ts', 'prisma/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Tenant rows are read and written through libs/db's repositories, which take the
    // organization (docs/architecture.md). Only what acts for the system may hold Prisma itself.
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      'apps/api/src/auth/basic.strategy.ts',
      'apps/api/src/auth/organization-bootstrap.ts',
      'apps/api/src/audit/audit.service.ts',
      'apps/api/src/health/health.controller.ts',
      'apps/api/src/operator-metrics/control-plane-metrics.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '#db',
              importNames: ['PrismaService'],
              message: 'Read and write tenant rows through a libs/db repository that takes the organization.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/config/**', 'scripts/**', 'test/**', 'bench/**', 'prisma.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

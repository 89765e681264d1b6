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
    files: ['libs/config/**', 'scripts/**', 'test/**', 'bench/**', 'prisma.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

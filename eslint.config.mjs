// ESLint flat config: type-checked rules, no floating promises, and the domain kept pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'scratch/**', 'test-output/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['express', 'ioredis', 'bullmq', 'axios', 'sharp', 'pino', 'prom-client'], message: 'src/domain stays pure: no frameworks or infrastructure.' },
            { group: ['**/infra/**', '**/http/**', '**/app/**', '**/adapters/**'], message: 'src/domain must not depend on outer layers.' },
          ],
        },
      ],
    },
  },
  {
    // the use cases reach stores, queues and logs only through src/app/ports.ts, so a keyspace
    // change or a new store touches infra and the composition root, never src/app
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['express', 'ioredis', 'bullmq', 'axios', 'pino', 'prom-client', '@bull-board/*'], message: 'src/app uses ports (src/app/ports.ts), not frameworks or clients.' },
            { group: ['**/infra/**', '**/compose/**', '**/http/**'], message: 'src/app must not depend on outer layers: add what you need to src/app/ports.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

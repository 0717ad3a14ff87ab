// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/metadata.ts', 'libs/*/src/migrations/mysql/**', 'libs/*/src/migrations/sqlite/**', '*.js', 'tools/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Type-aware: a forgotten await loses an error or a rollback; a switch over a union must
      // name every member so a new state or code cannot be silently ignored.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // Libraries meet only through their curated index, and nothing climbs out of its lib.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@app/[^/]+/.+', message: "Import another lib through its index ('@app/<lib>'), never its internals." },
            { regex: '^(\\.\\./){3,}', message: 'No ../../.. paths: import another lib through @app/<lib>.' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read settings through AppConfig / EnvReader (libs/core/src/config), never process.env.',
        },
      ],
    },
  },
  {
    files: ['libs/core/src/config/**', 'src/main.ts', 'apps/*/src/main.ts', 'scripts/**', 'libs/testing/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/core/src/config/app-version.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain CommonJS helpers the README test runs with node (oathtool-fallback.js).
    files: ['test/support/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

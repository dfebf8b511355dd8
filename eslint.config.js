// Lint rules for the whole workspace. The module-boundary rule keeps the architecture visible:
// services import libs and contracts, never each other; libs never import services.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '.local/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            // The credit rules: pure, on the kernel's types and the contracts only.
            { sourceTag: 'type:rules', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:rules', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:rules', 'type:contracts'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:rules', 'type:contracts'] },
          ],
        },
      ],
      // A package is used through its public entry only: a deep import would also slip past the
      // boundary rule above.
      'no-restricted-imports': ['error', { patterns: [{ group: ['@credit/*/*'], message: 'Import a workspace package by its name only (its src/index.ts is the public API).' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Test code may reach into a library's internals to set up a scenario.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];

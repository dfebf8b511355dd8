// Lint rules for the whole workspace. The module-boundary rule keeps the architecture visible:
// services import libs and contracts, never each other; libs never import services.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// A package is used through its public entry only: a deep import would also slip past the
// boundary rule below.
const deepImport = { group: ['@credit/*/*'], message: 'Import a workspace package by its name only (its src/index.ts is the public API).' };

// Deciders, rule files and the credit-rules library are pure: plain data in, events or a refusal
// out. No framework, no I/O, no adapter: rules may not import adapters.
const RULE_FILES = ['**/*.decider.ts', '**/*.rules.ts', 'libs/credit-rules/**/*.ts'];
const PURE_RULES = 'Deciders and rules are pure (plain data in, events or a refusal out): ';
const impureImports = {
  paths: [
    { name: 'typeorm', message: `${PURE_RULES}no TypeORM; persistence belongs to the adapters.` },
    { name: 'kafkajs', message: `${PURE_RULES}no Kafka; messaging belongs to the adapters.` },
    { name: 'pg', message: `${PURE_RULES}no PostgreSQL driver; persistence belongs to the adapters.` },
    {
      name: '@credit/platform',
      message: `${PURE_RULES}not @credit/platform (DomainRuleError and StateConflictError come from @credit/credit-rules).`,
    },
    { name: '@credit/messaging', message: `${PURE_RULES}not @credit/messaging.` },
  ],
  patterns: [
    deepImport,
    { group: ['@nestjs/*'], message: `${PURE_RULES}no Nest; wiring belongs to the services' modules and adapters.` },
    { group: ['typeorm/*', 'kafkajs/*', 'pg/*'], message: `${PURE_RULES}no persistence or messaging client.` },
    {
      group: ['**/*.adapter', '**/*.repository', '**/*.service', '**/*.controller', '**/*.adapter.*', '**/*.repository.*', '**/*.service.*', '**/*.controller.*'],
      message: `${PURE_RULES}rules may not import adapters (adapters import rules, never the other way round).`,
    },
  ],
};

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
      'no-restricted-imports': ['error', { patterns: [deepImport] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Rules may not import adapters (see impureImports). A flat config's later block REPLACES an
    // earlier block's options of the same rule, so impureImports carries the deep-import pattern too.
    files: RULE_FILES,
    rules: {
      'no-restricted-imports': ['error', impureImports],
      // A decider may name the event store's Decider type; it may not use anything of its at run time.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@credit/event-store',
              allowTypeImports: true,
              message: `${PURE_RULES}only the Decider type of @credit/event-store (import type), nothing that runs.`,
            },
          ],
        },
      ],
    },
  },
  {
    // Test code may reach into a library's internals to set up a scenario.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];

// Shared jest settings: tests run from TypeScript sources through SWC (type checking is the
// build's job: `npm run build` runs tsc -b), and workspace packages resolve to their sources.
const path = require('node:path');

const root = __dirname;
const workspacePackages = {
  contracts: 'contracts/src',
  'domain-kernel': 'libs/domain-kernel/src',
  'credit-rules': 'libs/credit-rules/src',
  'event-store': 'libs/event-store/src',
  messaging: 'libs/messaging/src',
  platform: 'libs/platform/src',
  testing: 'libs/testing/src',
};

module.exports = (projectDir, overrides = {}) => ({
  rootDir: projectDir,
  displayName: path.relative(root, projectDir),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: Object.fromEntries(
    Object.entries(workspacePackages).map(([name, dir]) => [`^@credit/${name}$`, path.join(root, dir, 'index.ts')]),
  ),
  testTimeout: 120_000,
  // Brings Kafka and PostgreSQL up (env, testcontainers, or the local processes) before any suite.
  globalSetup: path.join(root, 'libs/testing/src/jest-global-setup.ts'),
  globalTeardown: path.join(root, 'libs/testing/src/jest-global-teardown.ts'),
  ...overrides,
});

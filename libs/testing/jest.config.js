// The integration suites need Kafka and PostgreSQL: the global setup brings them up once (from the
// environment, Docker, or deploy/local) before any worker starts.
module.exports = require('../../jest.preset.js')(__dirname, {
  globalSetup: '<rootDir>/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/jest-global-teardown.ts',
});

// The fault suite (npm run test:faults): run by deploy/local/faults.sh against a broker and a
// PostgreSQL cluster of its own, which it kills and restarts. Not part of `npm test`.
module.exports = require('../jest.preset.js')(__dirname, {
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.faults.ts'],
  testTimeout: 300_000,
});

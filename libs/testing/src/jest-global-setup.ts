/**
 * Jest `globalSetup`: brings Kafka and PostgreSQL up once, before any suite, and exports
 * KAFKA_BROKERS / DATABASE_URL; jest starts its workers afterwards, so they inherit both and
 * `testInfra()` resolves to the same servers in every suite.
 *
 *   module.exports = require('../../jest.preset.js')(__dirname, {
 *     globalSetup: '<rootDir>/../../libs/testing/src/jest-global-setup.ts',
 *     globalTeardown: '<rootDir>/../../libs/testing/src/jest-global-teardown.ts',
 *   });
 *
 * Jest loads this file through the project's transform but without its moduleNameMapper, so it
 * imports only relative modules and third-party packages, never `@credit/*`.
 */
import { startTestInfra } from './start-infra';

export default async function globalSetup(): Promise<void> {
  const infra = await startTestInfra();
  if (infra.source.kafka !== 'environment' || infra.source.database !== 'environment') {
    process.stderr.write(
      `\n[test-infra] Kafka ${infra.kafkaBrokers.join(',')} (${infra.source.kafka}), ` +
        `PostgreSQL ${infra.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (${infra.source.database})\n`,
    );
  }
}

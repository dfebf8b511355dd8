/**
 * Jest `globalTeardown`: stops the containers the global setup started (same process). Local
 * servers (deploy/local) are left running: the next run reuses them, and deploy/local/test-all.sh
 * stops the broker it started itself.
 */
import { stopTestInfra } from './start-infra';

export default async function globalTeardown(): Promise<void> {
  await stopTestInfra();
}

import { Kafka } from 'kafkajs';
import { probeClientOf } from './kafka';

/**
 * Readiness probe for /health: resolves when the cluster answers a metadata request within
 * `timeoutMs`, rejects otherwise. A fresh admin connection per probe, through a client that does
 * not retry, so that a dead broker fails the probe quickly and nothing lingers between probes.
 */
export async function checkKafka(kafka: Kafka, timeoutMs = 3_000): Promise<void> {
  const admin = (probeClientOf(kafka) ?? kafka).admin({ retry: { retries: 0, initialRetryTime: 100, maxRetryTime: 500 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('Kafka answered without any broker');
  })();
  // The losing promise must not surface later as an unhandled rejection.
  probe.catch(() => undefined);
  try {
    await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

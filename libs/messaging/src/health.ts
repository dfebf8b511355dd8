import { Kafka } from 'kafkajs';
import type { ConsumerHealth, ConsumerState } from './consumer-types';
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

/** What {@link consumerHealth} judges a consumer by. */
export interface ConsumerVitals {
  groupId: string;
  state: ConsumerState;
  lastError?: string;
  /** The total lag at the last measurement. */
  lag: number;
  /** When the consumer last processed a record or joined its group. */
  lastProgressAt: number;
  /** A lag above zero with no progress for this long counts as down (default 60 s). */
  stallAfterMs?: number;
}

/**
 * Whether a consumer is a running member of its group and making progress, or why not: what
 * /health reports (503 while down).
 */
export function consumerHealth(vitals: ConsumerVitals, now = Date.now()): ConsumerHealth {
  if (vitals.state !== 'running') {
    return { status: 'down', message: `consumer ${vitals.groupId} is ${vitals.state}${vitals.lastError ? ` (${vitals.lastError})` : ''}` };
  }
  const stallAfterMs = vitals.stallAfterMs ?? 60_000;
  const idleMs = now - vitals.lastProgressAt;
  if (vitals.lag > 0 && idleMs > stallAfterMs) {
    return { status: 'down', message: `consumer ${vitals.groupId} has lag ${vitals.lag} and processed nothing for ${Math.round(idleMs / 1000)} s` };
  }
  return { status: 'up' };
}

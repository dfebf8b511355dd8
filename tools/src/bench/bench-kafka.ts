/**
 * What every benchmark shares to leave a running local platform alone on the same broker: a topic
 * prefix of its own (KAFKA_TOPIC_PREFIX of the service processes it starts, `topicPrefix` of its own
 * clients), the deletion of its topics at the end, and the goal line it ends with.
 */
import { createKafka } from '@credit/messaging';
import { testInfra } from '@credit/testing';
import type { Kafka } from 'kafkajs';

/** `bench-<pid>-<time>.`: unique per run, so that no consumer of the platform topics sees a benchmark's events. */
export function benchTopicPrefix(): string {
  return `bench-${process.pid}-${Date.now()}.`;
}

/** A client of the test broker whose topics are all under `prefix` (code names them as usual). */
export function benchKafka(prefix: string, clientId: string): Kafka {
  return createKafka({ brokers: testInfra().kafkaBrokers, clientId, logLevel: 'error', topicPrefix: prefix });
}

/** Deletes every topic under `prefix` (the benchmark's own); returns how many there were. */
export async function deleteBenchTopics(prefix: string): Promise<number> {
  if (!prefix.startsWith('bench-')) throw new Error(`refusing to delete the topics under ${JSON.stringify(prefix)}: not a benchmark prefix`);
  const admin = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'bench-cleanup', logLevel: 'error' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

/** `goal ≥ 0.5   MET` / `NOT MET`. */
export function verdict(met: boolean): string {
  return met ? 'MET' : 'NOT MET';
}

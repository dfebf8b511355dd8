import { TOPICS } from '@credit/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { testInfra, uniqueName } from './infra';

/**
 * Commits a fresh consumer group's offsets at the current end of each topic before its first
 * member joins, so that the service under test reads what the test publishes from now on, not the
 * whole history other suites left on a shared broker (a group without offsets starts from the
 * beginning). Topics that do not exist yet are skipped: the group then starts at their beginning,
 * which is their whole (empty) history. Call it with a group no member has joined yet.
 */
export async function groupAtEndOfTopics(groupId: string, topics: readonly string[] = [TOPICS.subjectEvents], brokers = testInfra().kafkaBrokers): Promise<void> {
  const admin = new Kafka({ clientId: `${groupId}-setup`, brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics) {
      if (!existing.has(topic)) continue;
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: offsets.map((p) => ({ partition: p.partition, offset: p.high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** {@link groupAtEndOfTopics} for the subject topic, which every consuming service reads. */
export const groupAtEndOfSubjectTopic = (groupId: string): Promise<void> => groupAtEndOfTopics(groupId, [TOPICS.subjectEvents]);

/**
 * A fresh consumer group for a service under test (`KAFKA_CONSUMER_GROUP`), starting at the end of
 * both platform topics: the service reads what the test publishes, not the broker's history.
 */
export async function freshConsumerGroup(prefix: string): Promise<string> {
  const groupId = uniqueName(prefix);
  await groupAtEndOfTopics(groupId, [TOPICS.subjectEvents, TOPICS.reference]);
  return groupId;
}

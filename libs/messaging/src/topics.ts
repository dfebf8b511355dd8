import { TOPIC_CONFIG, TOPICS } from '@credit/contracts';
import { Logger } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { defaultPartitions, defaultReplicationFactor } from './kafka';

export interface EnsureTopicsOptions {
  /** Partitions for the topics that are missing (default: the client's `partitions` setting, else 1). */
  partitions?: number;
  /**
   * Copies of each partition for the topics that are missing (default: the client's
   * `replicationFactor` setting, else 1; 3 on a production cluster, with min.insync.replicas=2).
   */
  replicationFactor?: number;
  /** More topics to create with the same settings, e.g. dead-letter topics. */
  extraTopics?: string[];
}

/**
 * Creates `credit.subject-events` and `credit.reference`, plus `extraTopics`, where missing, and
 * waits until every partition has a leader. Safe to call from every service at start-up at the
 * same time (a topic created by another service in between is fine). Existing topics are not
 * altered: their partition count is part of the keying contract and only changes deliberately.
 */
export async function ensureTopics(kafka: Kafka, options: EnsureTopicsOptions = {}): Promise<void> {
  await createTopicsIfMissing(kafka, [TOPICS.subjectEvents, TOPICS.reference, ...(options.extraTopics ?? [])], {
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
  });
}

/**
 * The topics are the platform's log of record (replays read them from the start), so every topic
 * created here keeps its records forever (retention -1, delete policy, never compaction, which
 * would keep only a subject's last event). That holds for dead-letter topics too: an operator
 * must still find a poison event months later.
 */
export async function createTopicsIfMissing(
  kafka: Kafka,
  topics: string[],
  options: { partitions?: number; replicationFactor?: number } = {},
): Promise<void> {
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return;
  const partitions = options.partitions ?? defaultPartitions(kafka);
  const replicationFactor = options.replicationFactor ?? defaultReplicationFactor(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      // kafkajs resolves false instead of throwing when the only errors are TOPIC_ALREADY_EXISTS
      // (another service won the race); any other error is real and propagates.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: topicConfigEntries(replicationFactor),
        })),
      });
    }
    // Also when another process created them: a topic without leaders refuses produce requests.
    const metadata = await waitForLeaders(admin, wanted);
    warnOfFewerPartitions(metadata, partitions);
  } finally {
    await admin.disconnect();
  }
}

/**
 * TOPIC_CONFIG, and with three or more copies of each partition `min.insync.replicas=2`: with the
 * producer's acks=all, a write is acknowledged once on two brokers, so losing one broker loses no
 * acknowledged event and does not stop writes. Fewer copies keep the broker's default (1): a
 * single local broker must still accept writes.
 */
function topicConfigEntries(replicationFactor: number): { name: string; value: string }[] {
  const entries = Object.entries(TOPIC_CONFIG).map(([name, value]) => ({ name, value }));
  if (replicationFactor >= 3) entries.push({ name: 'min.insync.replicas', value: '2' });
  return entries;
}

/**
 * An existing topic with fewer partitions than `KAFKA_PARTITIONS` is left as it is, loudly: more
 * instances of a service than partitions leave the extra instances idle, but growing the topic
 * here, during a rolling start while relays publish, would move subjects to other partitions with
 * their earlier events still unread behind them on the old one, and consumers could see a
 * subject's history out of order. Growing is an operator's step with the relays stopped and every
 * consumer group's lag at 0 (README, "Beyond one machine").
 */
function warnOfFewerPartitions(metadata: TopicPartitionCounts[], wanted: number): void {
  for (const topic of metadata) {
    if (topic.partitions.length >= wanted) continue;
    new Logger('Topics').warn(
      `topic ${topic.name} has ${topic.partitions.length} partition(s), KAFKA_PARTITIONS asks for ${wanted}: left unchanged ` +
        `(at most ${topic.partitions.length} instance(s) of a consumer group share it; grow it deliberately, see README "Beyond one machine")`,
    );
  }
}

interface TopicPartitionCounts {
  name: string;
  partitions: unknown[];
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<TopicPartitionCounts[]> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (leaderless.length === 0) return metadata;
      lastProblem = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (error) {
      // Right after creation the metadata may not list the topic yet (UNKNOWN_TOPIC_OR_PARTITION).
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`topics not ready after ${timeoutMs} ms: ${lastProblem}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

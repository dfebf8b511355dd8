import { TOPIC_CONFIG, TOPICS } from '@credit/contracts';
import { Admin, Kafka } from 'kafkajs';
import { defaultPartitions } from './kafka';

export interface EnsureTopicsOptions {
  /** Partitions for the topics that are missing (default: the client's `partitions` setting, else 1). */
  partitions?: number;
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
  options: { partitions?: number } = {},
): Promise<void> {
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return;
  const partitions = options.partitions ?? defaultPartitions(kafka);
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
          configEntries: Object.entries(TOPIC_CONFIG).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    // Also when another process created them: a topic without leaders refuses produce requests.
    await waitForLeaders(admin, wanted);
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (error) {
      // Right after creation the metadata may not list the topic yet (UNKNOWN_TOPIC_OR_PARTITION).
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`topics not ready after ${timeoutMs} ms: ${lastProblem}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

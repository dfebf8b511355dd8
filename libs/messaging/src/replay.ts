/**
 * A replay (`ops replay`): a range of the topics a service consumes read again, in a fresh consumer
 * group, through the service's own handlers and inbox ({@link InboxConsumer.replayRecord}), to
 * recover from a consumer bug (records whose offsets were committed past them, or never applied).
 * Framework-free: the service's ops endpoint runs it, tests may too.
 *
 * The group (`<live group>.replay.<replay id>`, never the live one) seeks each partition to the
 * start of its range when it joins and never commits an offset; a partition is done at the end of
 * its range, and the replay when every partition is (it never follows the live topic). The group
 * is deleted at the end, whatever the end.
 */
import { Logger, type LoggerService } from '@nestjs/common';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { InboxConsumer } from './inbox-consumer';
import type { ReplayPartitionRange } from './replay-range';
import { ReplayAborted, ReplayTally, type ReplayCounts, type ReplayedRecord } from './replay-tally';

/** A partition of the replay, with the first offset not yet replayed. */
export interface ReplayPartitionProgress extends ReplayPartitionRange {
  next: string;
}

export interface ReplayProgress extends ReplayCounts {
  total: number;
  partitions: ReplayPartitionProgress[];
}

export type ReplayEnd = 'DONE' | 'CANCELLED';

export type ReplayStatus = 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';

/**
 * A replay run as a service's ops endpoint reports it (`GET /api/v1/ops/replays/{id}`), its
 * progress aside: which service and groups, what range, and how it stands.
 */
export interface ReplayRun {
  replayId: string;
  service: string;
  consumerGroup: string;
  replayGroup: string;
  topics: string[];
  from: string;
  to?: string;
  dryRun: boolean;
  status: ReplayStatus;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface TopicReplayOptions {
  kafka: Kafka;
  /** The live consumer: its handlers, its inbox, its group's parked events and dead letters. */
  inbox: Pick<InboxConsumer, 'replayRecord'>;
  /** The replay's own group (see {@link replayGroupOf}). */
  groupId: string;
  partitions: ReplayPartitionRange[];
  total: number;
  /** Roll every record's transaction back: report, change nothing. */
  dryRun: boolean;
  /** Consumer session timeout (default 30 s; heartbeats go on while a record is handled). */
  sessionTimeoutMs?: number;
  logger?: LoggerService;
  /** Called after each record (for progress); must not throw. */
  onRecord?: (position: { topic: string; partition: number; offset: string }, record: ReplayedRecord) => void;
}

/** The consumer group of a replay: never the live group, so the live offsets are never touched. */
export const replayGroupOf = (liveGroup: string, replayId: string): string => `${liveGroup}.replay.${replayId}`;

const key = (topic: string, partition: number): string => `${topic}/${partition}`;

interface PartitionState {
  range: ReplayPartitionRange;
  to: bigint;
  next: bigint;
}

export class TopicReplay {
  private readonly logger: LoggerService;
  private readonly tally = new ReplayTally();
  private readonly state = new Map<string, PartitionState>();
  private readonly topics: string[];
  private stopping = false;
  private finish!: (end: ReplayEnd) => void;
  private fail!: (error: unknown) => void;
  private readonly ended: Promise<ReplayEnd>;
  /** Batches left unfinished (stopped, rebalanced): their end must not move a partition on. */
  private readonly unfinished = new Set<string>();
  private consumer?: Consumer;

  constructor(private readonly options: TopicReplayOptions) {
    this.logger = options.logger ?? new Logger(`TopicReplay(${options.groupId})`);
    for (const range of options.partitions) {
      this.state.set(key(range.topic, range.partition), { range, to: BigInt(range.to), next: BigInt(range.from) });
    }
    // Only the topics with something to replay are subscribed to.
    this.topics = [...new Set(options.partitions.filter((p) => BigInt(p.from) < BigInt(p.to)).map((p) => p.topic))];
    this.ended = new Promise<ReplayEnd>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    // Unobserved until run() awaits it.
    this.ended.catch(() => undefined);
  }

  /** Where the replay is: counts so far and each partition's next offset. */
  progress(): ReplayProgress {
    return {
      ...this.tally.counts(),
      total: this.options.total,
      partitions: [...this.state.values()].map(({ range, next }) => ({ ...range, next: next.toString() })),
    };
  }

  /** Stops after the record in hand (which is finished, not abandoned); run() then resolves CANCELLED. */
  cancel(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.finish('CANCELLED');
  }

  get cancelled(): boolean {
    return this.stopping;
  }

  /** Replays the range; resolves DONE at its end, CANCELLED after cancel(); the group is deleted either way. */
  async run(): Promise<ReplayEnd> {
    const { kafka, groupId } = this.options;
    if (this.allDone()) return this.end('DONE');
    const admin = kafka.admin();
    await admin.connect();
    try {
      const consumer = kafka.consumer({ groupId, sessionTimeout: this.options.sessionTimeoutMs ?? 30_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
      this.consumer = consumer;
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        const { error, restart } = payload as { error: Error; restart: boolean };
        if (!restart && !this.stopping) this.fail(error);
      });
      // A batch of control records only (or compacted away) never reaches eachBatch: its end still moves the partition on.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const { topic, partition, lastOffset } = payload as { topic: string; partition: number; lastOffset: string };
        const batch = key(topic, partition);
        if (this.unfinished.delete(batch) || this.stopping) return;
        this.advance(batch, BigInt(lastOffset) + 1n);
      });
      // Each partition from where the replay is (its start, or further after a rejoin): the group
      // never commits an offset, and a fetch made before the seek is dropped by the client.
      consumer.on(consumer.events.GROUP_JOIN, () => this.position());
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.eachBatch(payload) });
      return this.end(await this.ended);
    } finally {
      this.stopping = true;
      await this.consumer?.disconnect().catch((error: unknown) => this.logger.warn(`disconnect: ${String(error)}`));
      await deleteGroup(admin, groupId, this.logger);
      await admin.disconnect().catch(() => undefined);
    }
  }

  private end(end: ReplayEnd): ReplayEnd {
    this.stopping = true;
    return end;
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    const batchKey = key(batch.topic, batch.partition);
    const state = this.state.get(batchKey);
    if (!state || state.next >= state.to) {
      pause();
      return;
    }
    const keepGoing = () => !this.stopping && isRunning() && !isStale();
    // Heartbeats go on while a record is handled (kafkajs only sends them between batches).
    const keepAlive = setInterval(() => heartbeat().catch(() => undefined), 1_000);
    try {
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        if (offset >= state.to) break;
        if (!keepGoing()) {
          this.unfinished.add(batchKey);
          return;
        }
        if (offset >= state.next) {
          const position = { topic: batch.topic, partition: batch.partition, offset: message.offset };
          let record: ReplayedRecord;
          try {
            record = await this.options.inbox.replayRecord(
              { ...position, key: message.key, value: message.value, headers: message.headers ?? {} },
              { dryRun: this.options.dryRun, keepGoing },
            );
          } catch (error) {
            this.unfinished.add(batchKey);
            if (error instanceof ReplayAborted) return;
            this.fail(error);
            return;
          }
          this.tally.add(position, record);
          state.next = offset + 1n;
          this.options.onRecord?.(position, record);
        }
        resolveOffset(message.offset);
      }
    } finally {
      clearInterval(keepAlive);
    }
    if (state.next >= state.to) pause();
    this.checkDone();
  }

  /** Past the end of a batch that left no record unreplayed (its last records may be control records). */
  private advance(batchKey: string, next: bigint): void {
    const state = this.state.get(batchKey);
    if (!state) return;
    const capped = next < state.to ? next : state.to;
    if (capped > state.next) state.next = capped;
    this.checkDone();
  }

  private allDone(): boolean {
    return [...this.state.values()].every((s) => s.next >= s.to);
  }

  private checkDone(): void {
    if (!this.stopping && this.allDone()) {
      this.stopping = true;
      this.finish('DONE');
    }
  }

  /** Seeks each partition to its next offset; partitions with nothing (left) to replay are not fetched. */
  private position(): void {
    const consumer = this.consumer;
    if (!consumer) return;
    for (const state of this.state.values()) {
      const { topic, partition } = state.range;
      if (!this.topics.includes(topic)) continue;
      if (state.next >= state.to) consumer.pause([{ topic, partitions: [partition] }]);
      else consumer.seek({ topic, partition, offset: state.next.toString() });
    }
  }
}

/** Deletes a replay's group; a member that has only just left may hold it a moment longer. */
async function deleteGroup(admin: Admin, groupId: string, logger: LoggerService): Promise<void> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (error) {
      const code = (error as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups?.[0]?.error?.type;
      if (code === 'GROUP_ID_NOT_FOUND') return;
      if (attempt === 10) {
        logger.warn(`replay group ${groupId} could not be deleted: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

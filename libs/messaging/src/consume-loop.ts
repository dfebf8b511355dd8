import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { backoffDelay, ProcessingAborted, sleepWhile } from './backoff';
import { CONSUMER_STATES, type ConsumerSettings, type ConsumerState, type Owned, type RecordDone, type SourceRecord } from './consumer-types';
import { describeFailure } from './errors';
import type { RecordObserver } from './record-observer';

/** Within a batch, the offset is committed at its end, or after this many applied records... */
const COMMIT_EVERY_RECORDS = 100;
/** ...or when a record finishes this long after the last commit, whichever comes first. */
const COMMIT_EVERY_MS = 1_000;

export interface ConsumeLoopParts {
  /** Before each (re)launch: what consuming needs besides the group (the dead-letter topics and producer). */
  prepare(): Promise<void>;
  /** One record to the end (throws ProcessingAborted when the partition stopped being ours mid-record). */
  process(record: SourceRecord, owned: Owned): Promise<RecordDone>;
}

/**
 * The kafkajs side of the consumer: the group member (run/eachBatch with manual offset commits
 * and a background heartbeat), its state, and its supervision (a consumer kafkajs gave up on is
 * replaced by a new one in the same group, with backoff, forever).
 */
export class ConsumeLoop {
  private consumer?: Consumer;
  private admin?: Admin;
  /** Which consumer instance is current: events of a replaced one are ignored. */
  private generation = 0;
  private restarting?: Promise<void>;
  lastError?: string;
  private currentState: ConsumerState = 'stopped';

  constructor(
    private readonly settings: ConsumerSettings,
    private readonly observer: RecordObserver,
    private readonly parts: ConsumeLoopParts,
  ) {}

  get state(): ConsumerState {
    return this.currentState;
  }

  /** The current kafkajs consumer (after start). */
  get kafkaConsumer(): Consumer | undefined {
    return this.consumer;
  }

  /** The admin client of the group (after start): lag measurement uses it. */
  get adminClient(): Admin | undefined {
    return this.admin;
  }

  /** Builds, connects and runs a new kafkajs consumer in the group (the first one, or a successor). */
  async launch(): Promise<void> {
    const { options, groupId, heartbeatIntervalMs, logger, lifecycle } = this.settings;
    const { kafka, topics } = options;
    await this.parts.prepare();
    if (!this.admin) {
      const admin = kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const generation = ++this.generation;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: heartbeatIntervalMs,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const current = () => generation === this.generation && !lifecycle.stopRequested;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!current()) return;
      const { error, restart } = payload as { error: Error; restart: boolean };
      this.lastError = error.message;
      if (restart) {
        this.setState('restarting');
        logger.warn(`consumer restarting after: ${error.message}`);
      } else if (options.supervise === false) {
        this.setState('crashed');
        logger.error(`consumer crashed and will not restart: ${error.stack ?? error.message}`);
      } else {
        logger.error(`consumer crashed and was not restarted by the client; the platform restarts it: ${error.stack ?? error.message}`);
        this.scheduleRestart(error.message);
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!current()) return;
      this.lastError = undefined;
      this.observer.progressed();
      this.setState('running');
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(consumer, payload),
      });
    } catch (error) {
      this.lastError = describeFailure(error).message;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Replaces a consumer the client gave up on with a new one in the same group: backoff capped
   * at a few seconds with jitter, forever, until one runs or stop() is called.
   */
  scheduleRestart(reason: string): void {
    const { options, groupId, logger, metrics, lifecycle } = this.settings;
    if (this.restarting || lifecycle.stopRequested) return;
    this.setState('restarting');
    const settings = options.restartBackoffMs ?? { initial: 500, max: 5_000 };
    this.restarting = (async () => {
      for (let attempt = 1; !lifecycle.stopRequested; attempt++) {
        if (!(await sleepWhile(backoffDelay(attempt, settings), () => !lifecycle.stopRequested))) return;
        const previous = this.consumer;
        this.consumer = undefined;
        this.generation += 1;
        await previous?.disconnect().catch(() => undefined);
        if (lifecycle.stopRequested) return;
        try {
          await this.launch();
          metrics.restarts.inc({ group: groupId });
          logger.warn(`consumer restarted by the platform (attempt ${attempt}) after: ${reason}`);
          return;
        } catch (error) {
          this.lastError = describeFailure(error).message;
          logger.warn(`consumer restart attempt ${attempt} failed: ${this.lastError}`);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
    });
  }

  setState(state: ConsumerState): void {
    this.currentState = state;
    for (const each of CONSUMER_STATES) this.settings.metrics.state.set({ group: this.settings.groupId, state: each }, each === state ? 1 : 0);
  }

  /**
   * For stop(): the current consumer's events are ignored from now on, a restart under way is
   * waited for, and the consumer and admin client are handed over (to disconnect) and forgotten.
   */
  async detach(): Promise<{ consumer?: Consumer; admin?: Admin }> {
    this.generation += 1;
    await this.restarting;
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = undefined;
    this.admin = undefined;
    return { consumer, admin };
  }

  private async eachBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const { lifecycle } = this.settings;
    let lost: unknown;
    const owned = () => lifecycle.running && isRunning() && !isStale() && lost === undefined;
    // kafkajs only heartbeats between batches: a long handler or backoff would get the member
    // evicted and its partitions reassigned mid-record. Heartbeat in the background meanwhile;
    // a failed heartbeat (the group is rebalancing) means the partition may be gone: stop here.
    const keepAlive = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        lost ??= error;
      });
    }, this.settings.heartbeatIntervalMs);
    // The offset follows the effects: it is committed once the records before it are applied (their
    // transactions committed) or skipped. Not after each one: a record's effect is already durable and
    // deduplicated by the inbox, so committing per batch (or every COMMIT_EVERY_RECORDS records or
    // COMMIT_EVERY_MS) only means that a crash redelivers a few more records, which the inbox turns
    // into no-ops, and it saves every handled record a broker round trip before the next one.
    let uncommitted: string | undefined;
    let since = 0;
    let lastCommitAt = Date.now();
    const commitThrough = async (offset: string) => {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() }]);
      uncommitted = undefined;
      since = 0;
      lastCommitAt = Date.now();
    };
    try {
      for (const message of batch.messages) {
        if (!owned()) break;
        const record: SourceRecord = {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        };
        let outcome: RecordDone;
        try {
          outcome = await this.parts.process(record, owned);
        } catch (error) {
          if (error instanceof ProcessingAborted) break;
          throw error;
        }
        resolveOffset(message.offset);
        uncommitted = message.offset;
        if (outcome !== 'ignored') since += 1;
        if (since >= COMMIT_EVERY_RECORDS || (since > 0 && Date.now() - lastCommitAt >= COMMIT_EVERY_MS)) await commitThrough(message.offset);
      }
      if (uncommitted !== undefined && owned()) await commitThrough(uncommitted);
    } finally {
      clearInterval(keepAlive);
    }
    // Hand the rebalance to kafkajs now rather than at its next fetch.
    if (lost !== undefined && lifecycle.running) throw lost;
  }
}

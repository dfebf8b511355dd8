import { eventRegistry } from '@credit/contracts';
import { Logger } from '@nestjs/common';
import type { Consumer, IHeaders } from 'kafkajs';
import { ConsumeLoop } from './consume-loop';
import type { ConsumerHealth, ConsumerSettings, ConsumerState, InboxConsumerOptions, RecordPosition } from './consumer-types';
import { DeadLettering, type RedriveResult } from './dead-lettering';
import { describeFailure } from './errors';
import { consumerHealth } from './health';
import { InboxDedup } from './inbox-dedup';
import { LagMetrics } from './lag-metrics';
import { consumerMetrics } from './metrics';
import { RecordObserver } from './record-observer';
import { RecordProcessing } from './record-processing';
import { RecordReplay } from './replay-record';
import type { ReplayedRecord } from './replay-tally';
import { RetryParking } from './retry-parking';
import { tableNames } from './tables';


/**
 * The platform's Kafka consumer: at-least-once delivery from Kafka turned into exactly-once
 * effects through an inbox table, with retries, parking and a dead-letter topic. Framework-free:
 * the Nest transport (CreditKafkaServer), CLIs and tests drive it with a handler lookup.
 *
 * For each record, in order per partition:
 *  1. parse, validate against the contract, upcast; types this service does not handle are
 *     acknowledged as `ignored`; records no retry can fix go to the dead-letter topic at once;
 *     a version newer than the contract known here is parked (never guessed at);
 *  2. if the subject already has parked events, the record is parked behind them (causal order);
 *  3. BEGIN; INSERT the inbox row (ON CONFLICT DO NOTHING: a hit means the effect is already
 *     there); run the handler with the same transaction; COMMIT;
 *  4. only then commit the Kafka offset. A crash in between redelivers the record, and step 3
 *     finds the inbox row: no second effect.
 * A failing handler is retried with backoff, `maxAttempts` in all, then the record goes to
 * `<topic>.dlq.<group>` (and the `dead_letters` table) and the partition moves on. A handler
 * throwing EventNotReadyError parks the event; a timer retries parked events per subject, in
 * order, through the same inbox transaction. Failures of PostgreSQL or Kafka themselves are not
 * held against the event: the record is retried in place until they are back.
 *
 * It composes one part per concern:
 *  - {@link ConsumeLoop} (consume-loop.ts): the kafkajs group member, offsets, heartbeats, state, supervision;
 *  - {@link RecordProcessing} (record-processing.ts): one live record through steps 1-3, with handler retries;
 *  - {@link InboxDedup} (inbox-dedup.ts): the inbox transaction (deduplication);
 *  - {@link RetryParking} (retry-parking.ts): parking and the timed retry of parked events;
 *  - {@link DeadLettering} (dead-lettering.ts): dead letters and their redrive;
 *  - {@link LagMetrics} (lag-metrics.ts): credit_consumer_lag; {@link RecordObserver} (record-observer.ts): outcomes;
 *  - {@link RecordReplay} (replay-record.ts): a record of an `ops replay` range.
 */
export class InboxConsumer {
  private readonly settings: ConsumerSettings;
  private readonly observer: RecordObserver;
  private readonly inbox: InboxDedup;
  private readonly deadLettering: DeadLettering;
  private readonly parking: RetryParking;
  private readonly processing: RecordProcessing;
  private readonly replay: RecordReplay;
  private readonly loop: ConsumeLoop;
  private readonly lag: LagMetrics;

  constructor(private readonly options: InboxConsumerOptions) {
    if (options.topics.length === 0) throw new Error('InboxConsumer: at least one topic is required');
    const groupId = options.groupId;
    this.settings = {
      options,
      groupId,
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      backoff: options.backoffMs ?? { initial: 200, max: 10_000 },
      registry: options.registry ?? eventRegistry,
      parkedRetryIntervalMs: options.parkedRetryIntervalMs ?? 5_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1_000,
      logger: options.logger ?? new Logger(`InboxConsumer(${groupId})`),
      metrics: consumerMetrics(),
      tables: tableNames(options.dataSource),
      lifecycle: { running: false, stopRequested: false },
    };
    this.observer = new RecordObserver(this.settings);
    this.inbox = new InboxDedup(options.dataSource, groupId, this.settings.tables);
    this.deadLettering = new DeadLettering(this.settings, this.observer, this.inbox);
    this.parking = new RetryParking(this.settings, this.observer, this.inbox, this.deadLettering);
    this.processing = new RecordProcessing(this.settings, this.observer, this.inbox, this.parking, this.deadLettering);
    this.replay = new RecordReplay(this.settings, this.inbox, this.parking, this.deadLettering);
    this.loop = new ConsumeLoop(this.settings, this.observer, {
      prepare: () => this.deadLettering.prepare(),
      process: (record, owned) => this.processing.processRecord(record, owned),
    });
    this.lag = new LagMetrics(this.settings, () => this.loop.adminClient);
  }

  get state(): ConsumerState {
    return this.loop.state;
  }

  /** The underlying kafkajs consumer (after start). */
  get kafkaConsumer(): Consumer | undefined {
    return this.loop.kafkaConsumer;
  }

  /**
   * Whether the consumer is a running member of its group and making progress, or why not: what
   * /health reports (503 while down).
   */
  health(now = Date.now()): ConsumerHealth {
    return consumerHealth(
      {
        groupId: this.settings.groupId,
        state: this.loop.state,
        lastError: this.loop.lastError,
        lag: this.lag.lastLag,
        lastProgressAt: this.observer.lastProgressAt,
        stallAfterMs: this.options.stallAfterMs,
      },
      now,
    );
  }

  /**
   * Joins the group and starts consuming in the background; resolves once subscribed (partition
   * assignment follows asynchronously). Dead-letter topics are created here if missing. Under
   * supervision a failure to start is retried like a crash (the returned promise still rejects
   * with the first failure when supervision is off).
   */
  async start(): Promise<void> {
    const { lifecycle, logger } = this.settings;
    if (lifecycle.running) return;
    lifecycle.running = true;
    lifecycle.stopRequested = false;
    this.loop.setState('starting');
    try {
      await this.loop.launch();
    } catch (error) {
      if (this.options.supervise === false) {
        await this.stop();
        throw error;
      }
      logger.warn(`consumer could not start yet, retrying: ${describeFailure(error).message}`);
      this.loop.scheduleRestart(describeFailure(error).message);
    }
    this.parking.schedule();
    this.lag.schedule();
  }

  /** Finishes (or abandons, uncommitted) the record in hand, then leaves the group. */
  async stop(): Promise<void> {
    const { lifecycle, logger } = this.settings;
    lifecycle.running = false;
    lifecycle.stopRequested = true;
    this.parking.cancel();
    this.lag.cancel();
    const { consumer, admin } = await this.loop.detach();
    await Promise.allSettled([this.parking.pass, this.lag.pass]);
    await consumer?.disconnect().catch((error: unknown) => logger.warn(`disconnect: ${String(error)}`));
    await admin?.disconnect().catch(() => undefined);
    await this.deadLettering.close();
    this.loop.setState('stopped');
  }

  /**
   * Feeds a dead-lettered record to the handlers again, as if it had just arrived (after a fix of
   * the handler or of what it refers to). The inbox keeps it to one effect: a record already
   * applied comes back `applied` without a second effect. Marking the dead letter resolved is the
   * caller's (with its audit event, in one transaction).
   */
  async redrive(deadLetterId: string): Promise<RedriveResult> {
    return this.deadLettering.redrive(deadLetterId, (record, owned) => this.processing.processRecord(record, owned));
  }

  /**
   * One record of a replayed range (`ops replay`), read by the replay's own consumer group: through
   * the same decoding, contract validation, handler and inbox (under this consumer's group) as a
   * live record, so an event already applied comes back `duplicate` and changes nothing. Unlike
   * live consumption it never dead-letters and commits no offset: an invalid record is reported
   * `invalid`, with the dead letter the live group made of it if any; a handler still failing after
   * `maxAttempts` tries is reported `failed`. Parking is the live one (the live consumer's timer
   * retries what a replay parks). `dryRun` rolls the record's transaction back and parks nothing: it
   * reports what the record would change. Each applied record says which rows of which tables it
   * changed (pg_stat_xact_user_tables read before and after, in its transaction). Throws
   * ReplayAborted when `keepGoing` turns false before the record is done.
   */
  async replayRecord(
    record: RecordPosition & { key: Buffer | null; value: Buffer | null; headers?: IHeaders },
    options: { dryRun: boolean; keepGoing?: () => boolean },
  ): Promise<ReplayedRecord> {
    return this.replay.replayRecord(record, options);
  }

  /**
   * One retry pass over the parked events that are due: per subject, oldest first, until one is
   * still not ready. Runs on a timer while the consumer runs; callable directly (ops tooling,
   * tests). Returns how many events left the parked table.
   */
  async retryParked(): Promise<number> {
    return this.parking.retryParked();
  }

  /** Number of events this group has parked (also published as credit_parked_events). */
  async parkedCount(): Promise<number> {
    return this.parking.parkedCount();
  }

  /**
   * Measures credit_consumer_lag for every partition of the group's topics: the high watermark
   * minus the committed offset (minus the log start when the group has committed nothing yet).
   */
  async measureLag(): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    return this.lag.measureLag();
  }
}

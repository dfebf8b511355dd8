import { dlqTopic, EventEnvelope, eventRegistry, EventRegistry } from '@credit/contracts';
import { Logger, LoggerService } from '@nestjs/common';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay, BackoffSettings, sleepWhile } from './backoff';
import { DeadLetterReason, DeadLetterWriter } from './dead-letters';
import { decodeEnvelope, Decoded, EventMeta, orderKeyOf, parseRecordValue } from './decoding';
import { describeFailure, isEventNotReady, isTransientInfrastructureError, type EventNotReadyError } from './errors';
import { InboxContext } from './inbox-context';
import { KafkaPublisher } from './kafka-publisher';
import { consumerMetrics, ConsumerMetrics } from './metrics';
import { ParkedEvents, ParkedRow } from './parked-events';
import { ReplayAborted, ReplayedRecord, tableCountersOf, tableDeltas, TABLE_COUNTERS_SQL } from './replay-tally';
import { MessagingTable, tableNames } from './tables';
import { createTopicsIfMissing } from './topics';

/** Handles one event inside the inbox transaction (`ctx.manager`). May return a promise. */
export type InboxHandler = (event: EventEnvelope, ctx: InboxContext) => unknown;

export type ProcessingOutcome = 'applied' | 'duplicate' | 'ignored' | 'parked' | 'dead-lettered';

/** What feeding a dead letter to the handlers again came to. */
export interface RedriveResult {
  outcome: 'applied' | 'failed-again' | 'parked' | 'ignored' | 'already-resolved' | 'not-found';
  eventId?: string;
  eventType?: string;
  resolution?: string;
  error?: string;
}

interface DeadLetterRow {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  message_key: string | null;
  payload: string | null;
  event_id: string | null;
  event_type: string | null;
  resolution: string | null;
}

/** Where a record came from, as handed to the observation hooks. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface ProcessedRecord extends RecordPosition {
  outcome: ProcessingOutcome;
  eventId?: string;
  type?: string;
  /** True when the event came out of the parked table rather than straight from Kafka. */
  fromParked: boolean;
}

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  dataSource: DataSource;
  /** Handler tries before a failing event goes to the dead-letter topic (default 5). */
  maxAttempts?: number;
  /** Delay between handler tries, exponential with jitter (default 200 ms doubling up to 10 s). */
  backoffMs?: BackoffSettings;
  /** The contract events are validated and upcast with (default: the platform's eventRegistry). */
  registry?: EventRegistry;
  /** How often parked events are retried (default 5 s). */
  parkedRetryIntervalMs?: number;
  /**
   * Where a group without committed offsets starts (default true: from the beginning). A new
   * projection or a replay group must see every subject's whole history, not only what comes next.
   */
  fromBeginning?: boolean;
  /**
   * Group session timeout (default 10 s): a member silent for that long is replaced, so a killed
   * instance's partitions go to its successor within that time.
   */
  sessionTimeoutMs?: number;
  /** Heartbeat interval (default 1 s); heartbeats continue during long handlers and backoffs. */
  heartbeatIntervalMs?: number;
  /**
   * Whether the platform restarts a consumer that kafkajs gave up on (default true). kafkajs does not
   * restart a consumer after a non-retriable error (e.g. "The coordinator is not aware of this member"
   * on an offset commit after a broker restart): without supervision it stays dead while the process
   * runs on. Off only to show what supervision prevents.
   */
  supervise?: boolean;
  /** Delay between restarts of a crashed consumer: exponential with jitter (default 500 ms up to 5 s), forever. */
  restartBackoffMs?: BackoffSettings;
  /**
   * A consumer whose lag stays above zero with no record processed for this long counts as not
   * running in {@link InboxConsumer.health} (default 60 s).
   */
  stallAfterMs?: number;
  /** Longest a fetch waits for new records (default 1 s); also bounds how long stop() waits for a fetch. */
  maxWaitTimeMs?: number;
  /** Partitions processed in parallel, each still strictly in order (default 1). */
  partitionsConsumedConcurrently?: number;
  /** How often consumer lag is measured for credit_consumer_lag (default 15 s; 0 disables). */
  lagIntervalMs?: number;
  logger?: LoggerService;
  /** Called after each record's outcome is durable (before its offset is committed). */
  onProcessed?: (record: ProcessedRecord) => void;
  /**
   * Called after a handler's effect has committed and before the Kafka offset is committed. An
   * error thrown here behaves exactly like a crash at that point: the record is fetched again and
   * the inbox turns the second delivery into a no-op. Used to trace and to prove that guarantee.
   */
  afterCommit?: (event: EventEnvelope, position: RecordPosition) => void | Promise<void>;
}

export interface InboxConsumerOptions extends ConsumerOptions {
  /** The handler of an event type, or undefined when this service does not react to that type. */
  handlerFor(type: string): InboxHandler | undefined;
}

/**
 * `starting`: joining the group; `running`: a member of the group, consuming; `restarting`: the
 * client or the platform is bringing it back after a failure; `crashed`: dead for good (only when
 * supervision is off); `stopped`: stop() was called or start() never was.
 */
export type ConsumerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'crashed';
export const CONSUMER_STATES: readonly ConsumerState[] = ['stopped', 'starting', 'running', 'restarting', 'crashed'];

/** What /health says of a consumer: running and making progress, or why not. */
export type ConsumerHealth = { status: 'up' } | { status: 'down'; message: string };

interface SourceRecord extends RecordPosition {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** A handler (or the commit of its transaction) failed: counts towards the dead-letter topic. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** The consumer stopped or lost the partition mid-record: leave the offset uncommitted. */
class ProcessingAborted extends Error {}

/** Retries of infrastructure failures (database down, broker away): patient, never dead-lettering. */
const INFRASTRUCTURE_BACKOFF: BackoffSettings = { initial: 500, max: 30_000 };
/** A parked event whose dependency is late is retried less and less often, at least every 5 minutes. */
const PARKED_MAX_DELAY_MS = 5 * 60_000;
const PARKED_KEYS_PER_PASS = 200;

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
 */
export class InboxConsumer {
  private readonly groupId: string;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffSettings;
  private readonly registry: EventRegistry;
  private readonly parkedRetryIntervalMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly logger: LoggerService;
  private readonly metrics: ConsumerMetrics;
  private readonly tables: Record<MessagingTable, string>;
  private readonly parked: ParkedEvents;
  private readonly dlqPublisher: KafkaPublisher;
  private readonly deadLetters: DeadLetterWriter;

  private consumer?: Consumer;
  private admin?: Admin;
  private running = false;
  /** Which consumer instance is current: events of a replaced one are ignored. */
  private generation = 0;
  private restarting?: Promise<void>;
  private lastError?: string;
  /** When the consumer last processed a record or joined its group. */
  private lastProgressAt = Date.now();
  /** The total lag at the last measurement. */
  private lastLag = 0;
  /** Set by stop(): parked retries end early. Not set before start(), so tools may retry without consuming. */
  private stopRequested = false;
  private currentState: ConsumerState = 'stopped';
  private parkedTimer?: NodeJS.Timeout;
  private lagTimer?: NodeJS.Timeout;
  private parkedPass?: Promise<unknown>;
  private lagPass?: Promise<unknown>;

  constructor(private readonly options: InboxConsumerOptions) {
    if (options.topics.length === 0) throw new Error('InboxConsumer: at least one topic is required');
    this.groupId = options.groupId;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.backoff = options.backoffMs ?? { initial: 200, max: 10_000 };
    this.registry = options.registry ?? eventRegistry;
    this.parkedRetryIntervalMs = options.parkedRetryIntervalMs ?? 5_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1_000;
    this.logger = options.logger ?? new Logger(`InboxConsumer(${options.groupId})`);
    this.metrics = consumerMetrics();
    this.tables = tableNames(options.dataSource);
    this.parked = new ParkedEvents(options.dataSource, this.groupId, this.tables);
    this.dlqPublisher = new KafkaPublisher(options.kafka);
    this.deadLetters = new DeadLetterWriter(this.dlqPublisher, options.dataSource, this.groupId, this.tables, this.metrics);
  }

  get state(): ConsumerState {
    return this.currentState;
  }

  /** The underlying kafkajs consumer (after start). */
  get kafkaConsumer(): Consumer | undefined {
    return this.consumer;
  }

  /**
   * Whether the consumer is a running member of its group and making progress, or why not: what
   * /health reports (503 while down).
   */
  health(now = Date.now()): ConsumerHealth {
    if (this.currentState !== 'running') {
      return { status: 'down', message: `consumer ${this.groupId} is ${this.currentState}${this.lastError ? ` (${this.lastError})` : ''}` };
    }
    const stallAfterMs = this.options.stallAfterMs ?? 60_000;
    const idleMs = now - this.lastProgressAt;
    if (this.lastLag > 0 && idleMs > stallAfterMs) {
      return { status: 'down', message: `consumer ${this.groupId} has lag ${this.lastLag} and processed nothing for ${Math.round(idleMs / 1000)} s` };
    }
    return { status: 'up' };
  }

  /**
   * Joins the group and starts consuming in the background; resolves once subscribed (partition
   * assignment follows asynchronously). Dead-letter topics are created here if missing. Under
   * supervision a failure to start is retried like a crash (the returned promise still rejects
   * with the first failure when supervision is off).
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    this.setState('starting');
    try {
      await this.launch();
    } catch (error) {
      if (this.options.supervise === false) {
        await this.stop();
        throw error;
      }
      this.logger.warn(`consumer could not start yet, retrying: ${describeFailure(error).message}`);
      this.scheduleRestart(describeFailure(error).message);
    }
    this.scheduleParkedRetry();
    this.scheduleLagMeasurement();
  }

  /** Builds, connects and runs a new kafkajs consumer in the group (the first one, or a successor). */
  private async launch(): Promise<void> {
    const { kafka, topics } = this.options;
    await createTopicsIfMissing(
      kafka,
      topics.map((topic) => dlqTopic(topic, this.groupId)),
    );
    await this.dlqPublisher.connect();
    if (!this.admin) {
      const admin = kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const generation = ++this.generation;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const current = () => generation === this.generation && !this.stopRequested;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!current()) return;
      const { error, restart } = payload as { error: Error; restart: boolean };
      this.lastError = error.message;
      if (restart) {
        this.setState('restarting');
        this.logger.warn(`consumer restarting after: ${error.message}`);
      } else if (this.options.supervise === false) {
        this.setState('crashed');
        this.logger.error(`consumer crashed and will not restart: ${error.stack ?? error.message}`);
      } else {
        this.logger.error(`consumer crashed and was not restarted by the client; the platform restarts it: ${error.stack ?? error.message}`);
        this.scheduleRestart(error.message);
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!current()) return;
      this.lastError = undefined;
      this.lastProgressAt = Date.now();
      this.setState('running');
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
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
  private scheduleRestart(reason: string): void {
    if (this.restarting || this.stopRequested) return;
    this.setState('restarting');
    const settings = this.options.restartBackoffMs ?? { initial: 500, max: 5_000 };
    this.restarting = (async () => {
      for (let attempt = 1; !this.stopRequested; attempt++) {
        if (!(await sleepWhile(backoffDelay(attempt, settings), () => !this.stopRequested))) return;
        const previous = this.consumer;
        this.consumer = undefined;
        this.generation += 1;
        await previous?.disconnect().catch(() => undefined);
        if (this.stopRequested) return;
        try {
          await this.launch();
          this.metrics.restarts.inc({ group: this.groupId });
          this.logger.warn(`consumer restarted by the platform (attempt ${attempt}) after: ${reason}`);
          return;
        } catch (error) {
          this.lastError = describeFailure(error).message;
          this.logger.warn(`consumer restart attempt ${attempt} failed: ${this.lastError}`);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
    });
  }

  private setState(state: ConsumerState): void {
    this.currentState = state;
    for (const each of CONSUMER_STATES) this.metrics.state.set({ group: this.groupId, state: each }, each === state ? 1 : 0);
  }

  /** Finishes (or abandons, uncommitted) the record in hand, then leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopRequested = true;
    clearTimeout(this.parkedTimer);
    clearTimeout(this.lagTimer);
    this.generation += 1;
    await this.restarting;
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = undefined;
    this.admin = undefined;
    await Promise.allSettled([this.parkedPass, this.lagPass]);
    await consumer?.disconnect().catch((error: unknown) => this.logger.warn(`disconnect: ${String(error)}`));
    await admin?.disconnect().catch(() => undefined);
    await this.dlqPublisher.disconnect().catch(() => undefined);
    this.setState('stopped');
  }

  // ---------------------------------------------------------------- live records

  private async eachBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    let lost: unknown;
    const owned = () => this.running && isRunning() && !isStale() && lost === undefined;
    // kafkajs only heartbeats between batches: a long handler or backoff would get the member
    // evicted and its partitions reassigned mid-record. Heartbeat in the background meanwhile;
    // a failed heartbeat (the group is rebalancing) means the partition may be gone: stop here.
    const keepAlive = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        lost ??= error;
      });
    }, this.heartbeatIntervalMs);
    // Records of types this service does not handle have no effect: their offsets are committed
    // together, after the run of them (or with the next handled record), not one by one.
    let uncommitted: string | undefined;
    const commitThrough = async (offset: string) => {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() }]);
      uncommitted = undefined;
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
        let outcome: 'done' | 'ignored';
        try {
          outcome = await this.processRecord(record, owned);
        } catch (error) {
          if (error instanceof ProcessingAborted) break;
          throw error;
        }
        resolveOffset(message.offset);
        if (outcome === 'ignored') {
          uncommitted = message.offset;
          continue;
        }
        await commitThrough(message.offset);
        await heartbeat();
      }
      if (uncommitted !== undefined && owned()) await commitThrough(uncommitted);
    } finally {
      clearInterval(keepAlive);
    }
    // Hand the rebalance to kafkajs now rather than at its next fetch.
    if (lost !== undefined && this.running) throw lost;
  }

  /**
   * Feeds a dead-lettered record to the handlers again, as if it had just arrived (after a fix of
   * the handler or of what it refers to). The inbox keeps it to one effect: a record already
   * applied comes back `applied` without a second effect. Marking the dead letter resolved is the
   * caller's (with its audit event, in one transaction).
   */
  async redrive(deadLetterId: string): Promise<RedriveResult> {
    const [row]: DeadLetterRow[] = await this.options.dataSource.query(
      `SELECT id::text, topic, kafka_partition, kafka_offset::text, message_key, payload, event_id, event_type, resolution
         FROM ${this.tables.dead_letters} WHERE id::text = $1 AND consumer_group = $2`,
      [deadLetterId, this.groupId],
    );
    if (!row) return { outcome: 'not-found' };
    const about = { ...(row.event_id !== null && { eventId: row.event_id }), ...(row.event_type !== null && { eventType: row.event_type }) };
    if (row.resolution !== null) return { outcome: 'already-resolved', resolution: row.resolution, ...about };
    const record: SourceRecord = {
      topic: row.topic,
      partition: row.kafka_partition,
      offset: row.kafka_offset,
      key: row.message_key === null ? null : Buffer.from(row.message_key, 'utf8'),
      value: row.payload === null ? null : Buffer.from(row.payload, 'utf8'),
      headers: {},
    };
    const done = await this.processRecord(record, () => true);
    if (done === 'ignored') return { outcome: 'ignored', ...about };
    if (row.event_id !== null && (await this.inboxContains(row.event_id))) return { outcome: 'applied', ...about };
    const [parked] = row.event_id === null ? [] : await this.options.dataSource.query(`SELECT reason FROM ${this.tables.parked_events} WHERE consumer_group = $1 AND event_id = $2`, [this.groupId, row.event_id]);
    if (parked) return { outcome: 'parked', ...about };
    const [again] = await this.options.dataSource.query(`SELECT error_message FROM ${this.tables.dead_letters} WHERE id::text = $1`, [deadLetterId]);
    return { outcome: 'failed-again', error: again?.error_message ?? 'refused again', ...about };
  }

  /** Handles one record to the end; 'ignored' when its type is not this service's (nothing was done). */
  private async processRecord(record: SourceRecord, owned: () => boolean): Promise<'done' | 'ignored'> {
    // The relay names the type in a header: a type this service does not handle is skipped unparsed.
    const header = record.headers.type;
    const typeHeader = Buffer.isBuffer(header) ? header.toString('utf8') : typeof header === 'string' ? header : undefined;
    if (typeHeader !== undefined && this.options.handlerFor(typeHeader) === undefined) {
      this.observe(record, 'ignored', { type: typeHeader }, false);
      return 'ignored';
    }
    const parsed = parseRecordValue(record.value);
    if (!parsed.ok) {
      await this.deadLetter(record, {}, 'malformed-json', { message: `malformed-json: ${parsed.message}` }, 0, owned);
      return 'done';
    }
    const decoded = decodeEnvelope(parsed.raw, this.registry, (type) => this.options.handlerFor(type));
    switch (decoded.kind) {
      case 'ignore':
        this.observe(record, 'ignored', { type: decoded.type }, false);
        return 'ignored';
      case 'reject':
        await this.deadLetter(record, decoded.meta, decoded.reason, { message: decoded.message }, 0, owned);
        return 'done';
      case 'unknown-version':
        await this.persistently(owned, `park ${decoded.meta.id}`, () =>
          this.parked.park({
            ...this.parkTarget(decoded.meta, decoded.raw, record),
            reason: 'unknown-version',
            lastError: decoded.message,
            attempts: 0,
            failures: 0,
            retryInMs: this.parkedDelay(1),
          }),
        );
        this.logger.warn(`parked ${decoded.meta.type} v${decoded.meta.version} ${decoded.meta.id}: ${decoded.message}`);
        await this.afterPark();
        this.observe(record, 'parked', decoded.meta, false);
        return 'done';
      case 'event':
        await this.handleEvent(record, decoded, owned);
        return 'done';
    }
  }

  private async handleEvent(
    record: SourceRecord,
    decoded: Extract<Decoded<InboxHandler>, { kind: 'event' }>,
    owned: () => boolean,
  ): Promise<void> {
    const { event, raw, handler } = decoded;
    const meta: EventMeta = event;

    // A subject with parked events: this one waits behind them, or the subject's later facts
    // would be applied before earlier ones (listed before the penalty it is based on).
    const blocked = await this.persistently(owned, 'parked lookup', () => this.parked.hasParked(orderKeyOf(event)));
    if (blocked) {
      // Already applied (a redelivery after it was unparked): parking it again would be harmless
      // but would hold the subject up for a retry round.
      if (await this.persistently(owned, 'inbox lookup', () => this.inboxContains(event.id))) {
        this.observe(record, 'duplicate', meta, false);
        return;
      }
      await this.persistently(owned, `park ${event.id}`, () =>
        this.parked.park({
          ...this.parkTarget(event, raw, record),
          reason: 'behind-parked',
          lastError: null,
          attempts: 0,
          failures: 0,
          retryInMs: 0,
        }),
      );
      await this.afterPark();
      this.observe(record, 'parked', meta, false);
      return;
    }

    let failures = 0;
    let infrastructureRetries = 0;
    let lastFailure: unknown;
    for (let attempt = 1; ; attempt++) {
      if (!owned()) throw new ProcessingAborted();
      let outcome: 'applied' | 'duplicate';
      try {
        outcome = await this.applyInInbox(event, handler, record, attempt);
      } catch (error) {
        const cause = error instanceof HandlerFailure ? error.failure : error;
        if (error instanceof HandlerFailure && isEventNotReady(cause)) {
          await this.parkNotReady(owned, event, raw, record, cause, attempt, failures);
          this.observe(record, 'parked', meta, false);
          return;
        }
        if (!(error instanceof HandlerFailure) || isTransientInfrastructureError(cause)) {
          infrastructureRetries++;
          this.logger.warn(
            `${event.type} ${event.id}: infrastructure failure, retrying (${describeFailure(cause).message})`,
          );
          if (!(await sleepWhile(backoffDelay(infrastructureRetries, INFRASTRUCTURE_BACKOFF), owned))) {
            throw new ProcessingAborted();
          }
          continue;
        }
        failures++;
        lastFailure = cause;
        if (failures >= this.maxAttempts) break;
        this.logger.warn(
          `${event.type} ${event.id} failed (attempt ${failures}/${this.maxAttempts}): ${describeFailure(cause).message}`,
        );
        if (!(await sleepWhile(backoffDelay(failures, this.backoff), owned))) throw new ProcessingAborted();
        continue;
      }
      this.observe(record, outcome, meta, false);
      if (outcome === 'applied' && this.options.afterCommit) {
        await this.options.afterCommit(event, { topic: record.topic, partition: record.partition, offset: record.offset });
      }
      return;
    }
    this.logger.error(
      `${event.type} ${event.id} dead-lettered after ${failures} attempts: ${describeFailure(lastFailure).message}`,
    );
    await this.deadLetter(record, meta, 'handler-failed', describeFailure(lastFailure), failures, owned);
  }

  /**
   * One try, in its own transaction. Throws HandlerFailure when the handler or the commit failed,
   * anything else when the inbox itself could not be reached.
   */
  private async applyInInbox(
    event: EventEnvelope,
    handler: InboxHandler,
    position: RecordPosition,
    attempt: number,
  ): Promise<'applied' | 'duplicate'> {
    const qr = this.options.dataSource.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction();
      const outcome = await this.runInInbox(qr, event, handler, position, attempt);
      try {
        await qr.commitTransaction();
      } catch (error) {
        // A deferred constraint or a serialization conflict caused by the handler's writes.
        throw new HandlerFailure(error);
      }
      return outcome;
    } catch (error) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await qr.release().catch(() => undefined);
    }
  }

  /** Inside an open transaction: the inbox row, then the handler (skipped on an inbox hit). */
  private async runInInbox(
    qr: QueryRunner,
    event: EventEnvelope,
    handler: InboxHandler,
    position: RecordPosition,
    attempt: number,
  ): Promise<'applied' | 'duplicate'> {
    const inserted: unknown[] = await qr.query(
      `INSERT INTO ${this.tables.inbox}
         (consumer_group, event_id, event_type, subject_key, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (consumer_group, event_id) DO NOTHING
       RETURNING event_id`,
      [this.groupId, event.id, event.type, event.subjectKey, position.topic, position.partition, position.offset],
    );
    if (inserted.length === 0) return 'duplicate';
    const ctx = new InboxContext({
      event,
      manager: qr.manager,
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      attempt,
      groupId: this.groupId,
    });
    try {
      await handler(event, ctx);
    } catch (error) {
      throw new HandlerFailure(error);
    }
    return 'applied';
  }

  private async inboxContains(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.options.dataSource.query(
      `SELECT 1 FROM ${this.tables.inbox} WHERE consumer_group = $1 AND event_id = $2`,
      [this.groupId, eventId],
    );
    return rows.length > 0;
  }

  private async deadLetter(
    record: SourceRecord,
    meta: EventMeta,
    reason: DeadLetterReason,
    failure: { message: string; stack?: string },
    attempts: number,
    owned: () => boolean,
  ): Promise<void> {
    if (reason !== 'handler-failed') {
      // An incident: the line names the event (type, id, stream) so that ops can find and redrive it.
      const named = meta.type !== undefined ? ` ${meta.type} ${meta.id ?? '(no id)'}${meta.stream !== undefined ? ` on ${meta.stream}` : ''}` : '';
      this.logger.error(`${record.topic}/${record.partition}@${record.offset}${named} dead-lettered by ${this.groupId} (${reason}): ${failure.message}`);
    }
    await this.persistently(owned, `dead-letter ${record.topic}/${record.partition}@${record.offset}`, () =>
      this.deadLetters.write({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        headers: record.headers,
        reason,
        failure,
        attempts,
        eventId: meta.id,
        eventType: meta.type,
        subjectKey: meta.subjectKey,
      }),
    );
    this.observe(record, 'dead-lettered', meta, false);
  }

  /**
   * Runs a step of our own (parking, dead-lettering, lookups) until it succeeds: its failure is
   * the database's or the broker's, not the event's, so the record waits (and the partition with
   * it, keeping order) rather than being skipped. Gives up only when the partition is no longer ours.
   */
  private async persistently<T>(owned: () => boolean, what: string, step: () => Promise<T>): Promise<T> {
    for (let retry = 1; ; retry++) {
      if (!owned()) throw new ProcessingAborted();
      try {
        return await step();
      } catch (error) {
        this.logger.warn(`${what} failed, retrying: ${describeFailure(error).message}`);
        if (!(await sleepWhile(backoffDelay(retry, INFRASTRUCTURE_BACKOFF), owned))) throw new ProcessingAborted();
      }
    }
  }

  private parkTarget(meta: EventMeta & { id: string; type: string; version: number }, raw: Record<string, unknown>, record: SourceRecord) {
    return {
      orderKey: orderKeyOf(meta),
      subjectKey: meta.subjectKey ?? null,
      eventId: meta.id,
      eventType: meta.type,
      eventVersion: meta.version,
      event: raw,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    };
  }

  /** Parks an event its handler found not ready yet (an earlier fact has not arrived), to be tried again later. */
  private async parkNotReady(
    owned: () => boolean,
    event: EventMeta & { id: string; type: string; version: number },
    raw: Record<string, unknown>,
    record: SourceRecord,
    cause: EventNotReadyError,
    attempts: number,
    failures: number,
  ): Promise<void> {
    await this.persistently(owned, `park ${event.id}`, () =>
      this.parked.park({
        ...this.parkTarget(event, raw, record),
        reason: 'not-ready',
        lastError: describeFailure(cause).message,
        attempts,
        failures,
        retryInMs: cause.retryAfterMs ?? this.parkedDelay(1),
      }),
    );
    await this.afterPark();
  }

  private parkedDelay(attempts: number): number {
    return backoffDelay(attempts, { initial: this.parkedRetryIntervalMs, max: PARKED_MAX_DELAY_MS });
  }

  private async afterPark(): Promise<void> {
    await this.refreshParkedGauge().catch(() => undefined);
  }

  private observe(position: RecordPosition, outcome: ProcessingOutcome, meta: EventMeta, fromParked: boolean): void {
    // Only contract types become label values: a garbage type in a record must not mint series.
    const type = meta.type !== undefined && this.registry.latestVersion(meta.type) !== undefined ? meta.type : 'unregistered';
    this.metrics.processed.inc({ group: this.groupId, type, outcome });
    this.lastProgressAt = Date.now();
    this.options.onProcessed?.({
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      outcome,
      eventId: meta.id,
      type: meta.type,
      fromParked,
    });
  }

  // ---------------------------------------------------------------- replay (ops replay)

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
    const owned = options.keepGoing ?? (() => true);
    const source: SourceRecord = { ...record, headers: record.headers ?? {} };
    try {
      const header = source.headers.type;
      const typeHeader = Buffer.isBuffer(header) ? header.toString('utf8') : typeof header === 'string' ? header : undefined;
      if (typeHeader !== undefined && this.options.handlerFor(typeHeader) === undefined) return { outcome: 'ignored', type: typeHeader };
      const parsed = parseRecordValue(source.value);
      if (!parsed.ok) return await this.replayedInvalid(source, {}, 'malformed-json', `malformed-json: ${parsed.message}`, owned);
      const decoded = decodeEnvelope(parsed.raw, this.registry, (type) => this.options.handlerFor(type));
      switch (decoded.kind) {
        case 'ignore':
          return { outcome: 'ignored', type: decoded.type };
        case 'reject':
          return await this.replayedInvalid(source, decoded.meta, decoded.reason, decoded.message, owned);
        case 'unknown-version': {
          const about = { type: decoded.meta.type, eventId: decoded.meta.id };
          if (await this.persistently(owned, 'inbox lookup', () => this.inboxContains(decoded.meta.id))) return { outcome: 'duplicate', ...about };
          if (!options.dryRun) {
            await this.persistently(owned, `park ${decoded.meta.id}`, () =>
              this.parked.park({ ...this.parkTarget(decoded.meta, decoded.raw, source), reason: 'unknown-version', lastError: decoded.message, attempts: 0, failures: 0, retryInMs: this.parkedDelay(1) }),
            );
            await this.afterPark();
          }
          return { outcome: 'parked', reason: 'unknown-version', error: decoded.message, ...about };
        }
        case 'event':
          return await this.replayEvent(source, decoded, options.dryRun, owned);
      }
    } catch (error) {
      if (error instanceof ProcessingAborted) throw new ReplayAborted();
      throw error;
    }
  }

  private async replayedInvalid(record: SourceRecord, meta: EventMeta, reason: DeadLetterReason, message: string, owned: () => boolean): Promise<ReplayedRecord> {
    const [letter]: { id: string }[] = await this.persistently(owned, 'dead-letter lookup', () =>
      this.options.dataSource.query(
        `SELECT id::text FROM ${this.tables.dead_letters} WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3 AND kafka_offset = $4`,
        [this.groupId, record.topic, record.partition, record.offset],
      ),
    );
    return {
      outcome: 'invalid',
      reason,
      error: message,
      ...(meta.type !== undefined && { type: meta.type }),
      ...(meta.id !== undefined && { eventId: meta.id }),
      ...(letter !== undefined && { deadLetterId: letter.id }),
    };
  }

  private async replayEvent(
    record: SourceRecord,
    decoded: Extract<Decoded<InboxHandler>, { kind: 'event' }>,
    dryRun: boolean,
    owned: () => boolean,
  ): Promise<ReplayedRecord> {
    const { event, raw, handler } = decoded;
    const about = { type: event.type, eventId: event.id };
    // Behind a parked event of the same subject, as live: applied now it would overtake it.
    if (await this.persistently(owned, 'parked lookup', () => this.parked.hasParked(orderKeyOf(event)))) {
      if (await this.persistently(owned, 'inbox lookup', () => this.inboxContains(event.id))) return { outcome: 'duplicate', ...about };
      if (!dryRun) {
        await this.persistently(owned, `park ${event.id}`, () =>
          this.parked.park({ ...this.parkTarget(event, raw, record), reason: 'behind-parked', lastError: null, attempts: 0, failures: 0, retryInMs: 0 }),
        );
        await this.afterPark();
      }
      return { outcome: 'parked', reason: 'behind-parked', ...about };
    }
    let failures = 0;
    let infrastructureRetries = 0;
    for (let attempt = 1; ; attempt++) {
      if (!owned()) throw new ReplayAborted();
      const qr = this.options.dataSource.createQueryRunner();
      try {
        await qr.connect();
        await qr.startTransaction();
        const before = tableCountersOf(await qr.query(TABLE_COUNTERS_SQL));
        const outcome = await this.runInInbox(qr, event, handler, record, attempt);
        const tableChanges = outcome === 'applied' ? tableDeltas(before, tableCountersOf(await qr.query(TABLE_COUNTERS_SQL))) : {};
        if (dryRun) {
          await qr.rollbackTransaction();
        } else {
          try {
            await qr.commitTransaction();
          } catch (error) {
            throw new HandlerFailure(error);
          }
        }
        return { outcome, ...about, ...(Object.keys(tableChanges).length > 0 && { tableChanges }) };
      } catch (error) {
        if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
        const cause = error instanceof HandlerFailure ? error.failure : error;
        if (error instanceof HandlerFailure && isEventNotReady(cause)) {
          if (!dryRun) await this.parkNotReady(owned, event, raw, record, cause, attempt, failures);
          return { outcome: 'parked', reason: 'not-ready', error: describeFailure(cause).message, ...about };
        }
        if (!(error instanceof HandlerFailure) || isTransientInfrastructureError(cause)) {
          infrastructureRetries++;
          this.logger.warn(`replay of ${event.type} ${event.id}: infrastructure failure, retrying (${describeFailure(cause).message})`);
          if (!(await sleepWhile(backoffDelay(infrastructureRetries, INFRASTRUCTURE_BACKOFF), owned))) throw new ReplayAborted();
          continue;
        }
        failures++;
        if (failures >= this.maxAttempts) return { outcome: 'failed', error: describeFailure(cause).message, ...about };
        if (!(await sleepWhile(backoffDelay(failures, this.backoff), owned))) throw new ReplayAborted();
      } finally {
        await qr.release().catch(() => undefined);
      }
    }
  }

  // ---------------------------------------------------------------- parked events

  /**
   * One retry pass over the parked events that are due: per subject, oldest first, until one is
   * still not ready. Runs on a timer while the consumer runs; callable directly (ops tooling,
   * tests). Returns how many events left the parked table.
   */
  async retryParked(): Promise<number> {
    let released = 0;
    const keys = await this.parked.dueKeys(PARKED_KEYS_PER_PASS);
    for (const key of keys) {
      if (this.stopRequested) break;
      try {
        released += await this.retryParkedKey(key);
      } catch (error) {
        this.logger.warn(`retrying parked events of ${key} failed: ${describeFailure(error).message}`);
      }
    }
    await this.refreshParkedGauge();
    return released;
  }

  private async retryParkedKey(orderKey: string): Promise<number> {
    let released = 0;
    while (!this.stopRequested) {
      const step = await this.retryParkedHead(orderKey);
      if (step === 'blocked') break;
      released++;
    }
    return released;
  }

  /** Tries the oldest parked event of a key. 'released' when it left the table (whatever the outcome). */
  private async retryParkedHead(orderKey: string): Promise<'released' | 'blocked'> {
    const qr = this.options.dataSource.createQueryRunner();
    let poison: { row: ParkedRow; reason: DeadLetterReason; failure: { message: string; stack?: string }; attempts: number } | undefined;
    try {
      await qr.connect();
      await qr.startTransaction();
      const row = await this.parked.lockHead(qr, orderKey);
      if (!row || !row.due) {
        await qr.commitTransaction();
        return 'blocked';
      }
      const position: RecordPosition = { topic: row.topic, partition: row.kafka_partition, offset: row.kafka_offset };
      const decoded = decodeEnvelope(row.event, this.registry, (type) => this.options.handlerFor(type));
      const attempt = row.attempts + 1;

      if (decoded.kind === 'ignore') {
        // The service no longer handles this type (an upgrade removed the reaction).
        await this.parked.remove(qr, row.id);
        await qr.commitTransaction();
        this.observe(position, 'ignored', { type: decoded.type, id: row.event_id }, true);
        return 'released';
      }
      if (decoded.kind === 'unknown-version') {
        await this.parked.reschedule(qr, row.id, {
          lastError: decoded.message,
          failed: false,
          retryInMs: this.parkedDelay(attempt),
        });
        await qr.commitTransaction();
        return 'blocked';
      }
      if (decoded.kind === 'reject') {
        await qr.commitTransaction();
        poison = { row, reason: decoded.reason, failure: { message: decoded.message }, attempts: row.failures };
      } else {
        await qr.query('SAVEPOINT parked_attempt');
        try {
          const outcome = await this.runInInbox(qr, decoded.event, decoded.handler, position, attempt);
          await qr.query('RELEASE SAVEPOINT parked_attempt');
          await this.parked.remove(qr, row.id);
          await qr.commitTransaction();
          this.observe(position, outcome, decoded.event, true);
          if (outcome === 'applied' && this.options.afterCommit) await this.options.afterCommit(decoded.event, position);
          return 'released';
        } catch (error) {
          if (!(error instanceof HandlerFailure) || isTransientInfrastructureError(error.failure)) throw error;
          await qr.query('ROLLBACK TO SAVEPOINT parked_attempt');
          const cause = error.failure;
          const failure = describeFailure(cause);
          if (isEventNotReady(cause)) {
            await this.parked.reschedule(qr, row.id, {
              reason: 'not-ready',
              lastError: failure.message,
              failed: false,
              retryInMs: cause.retryAfterMs ?? this.parkedDelay(attempt),
            });
            await qr.commitTransaction();
            return 'blocked';
          }
          const failures = row.failures + 1;
          await this.parked.reschedule(qr, row.id, {
            lastError: failure.message,
            failed: true,
            retryInMs: backoffDelay(failures, this.backoff),
          });
          await qr.commitTransaction();
          if (failures < this.maxAttempts) {
            this.logger.warn(
              `parked ${row.event_type} ${row.event_id} failed (attempt ${failures}/${this.maxAttempts}): ${failure.message}`,
            );
            return 'blocked';
          }
          poison = { row, reason: 'handler-failed', failure, attempts: failures };
        }
      }
    } catch (error) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await qr.release().catch(() => undefined);
    }

    if (!poison) return 'blocked';
    // Outside the key's transaction: the dead-letter write produces to Kafka first.
    const { row } = poison;
    this.logger.error(`parked ${row.event_type} ${row.event_id} dead-lettered: ${poison.failure.message}`);
    await this.deadLetters.write({
      topic: row.topic,
      partition: row.kafka_partition,
      offset: row.kafka_offset,
      key: row.subject_key ?? (typeof row.event.stream === 'string' ? row.event.stream : null),
      value: JSON.stringify(row.event),
      reason: poison.reason,
      failure: poison.failure,
      attempts: poison.attempts,
      eventId: row.event_id,
      eventType: row.event_type,
      subjectKey: row.subject_key,
      parkedId: row.id,
    });
    this.observe(
      { topic: row.topic, partition: row.kafka_partition, offset: row.kafka_offset },
      'dead-lettered',
      { id: row.event_id, type: row.event_type },
      true,
    );
    return 'released';
  }

  /** Number of events this group has parked (also published as credit_parked_events). */
  async parkedCount(): Promise<number> {
    return this.parked.count();
  }

  private async refreshParkedGauge(): Promise<void> {
    this.metrics.parked.set({ group: this.groupId }, await this.parked.count());
  }

  private scheduleParkedRetry(): void {
    if (!this.running) return;
    this.parkedTimer = setTimeout(() => {
      this.parkedPass = this.retryParked()
        .catch((error: unknown) => this.logger.warn(`parked retry pass failed: ${describeFailure(error).message}`))
        .finally(() => {
          this.parkedPass = undefined;
          this.scheduleParkedRetry();
        });
    }, this.parkedRetryIntervalMs);
  }

  // ---------------------------------------------------------------- lag

  /**
   * Measures credit_consumer_lag for every partition of the group's topics: the high watermark
   * minus the committed offset (minus the log start when the group has committed nothing yet).
   */
  async measureLag(): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    const admin = this.admin;
    if (!admin) return [];
    const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: this.options.topics });
    const result: Array<{ topic: string; partition: number; lag: number }> = [];
    for (const topic of this.options.topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committedOfTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const done = committedOfTopic.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
        const lag = Number(BigInt(end.high) > from ? BigInt(end.high) - from : 0n);
        this.metrics.lag.set({ group: this.groupId, topic, partition: String(end.partition) }, lag);
        result.push({ topic, partition: end.partition, lag });
      }
    }
    this.lastLag = result.reduce((sum, each) => sum + each.lag, 0);
    return result;
  }

  private scheduleLagMeasurement(): void {
    const interval = this.options.lagIntervalMs ?? 15_000;
    if (!this.running || interval <= 0) return;
    this.lagTimer = setTimeout(() => {
      this.lagPass = this.measureLag()
        .catch((error: unknown) => this.logger.warn(`lag measurement failed: ${describeFailure(error).message}`))
        .finally(() => {
          this.lagPass = undefined;
          this.scheduleLagMeasurement();
        });
    }, interval);
  }
}


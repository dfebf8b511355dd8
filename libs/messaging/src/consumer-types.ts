import type { EventEnvelope, EventRegistry } from '@credit/contracts';
import type { LoggerService } from '@nestjs/common';
import type { IHeaders, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { BackoffSettings } from './backoff';
import type { InboxContext } from './inbox-context';
import type { ConsumerMetrics } from './metrics';
import type { MessagingTable } from './tables';

/** Handles one event inside the inbox transaction (`ctx.manager`). May return a promise. */
export type InboxHandler = (event: EventEnvelope, ctx: InboxContext) => unknown;

export type ProcessingOutcome = 'applied' | 'duplicate' | 'ignored' | 'parked' | 'dead-lettered';

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

// ---------------------------------------------------------------- internal to the consumer's parts

/** A record as read from Kafka (or rebuilt from a dead letter, or handed over by a replay). */
export interface SourceRecord extends RecordPosition {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Whether the record (or the consumer) is still ours to work on: false once stopped or rebalanced away. */
export type Owned = () => boolean;

/** How a record's processing ended for the consume loop: 'ignored' when its type is not this service's. */
export type RecordDone = 'done' | 'ignored';

/**
 * Start/stop flags shared by the consumer's parts. `running`: between start() and stop();
 * `stopRequested`: set by stop() (parked retries end early), not set before start(), so tools may
 * retry without consuming.
 */
export interface ConsumerLifecycle {
  running: boolean;
  stopRequested: boolean;
}

/** What every part of one InboxConsumer shares: its options with their defaults applied. */
export interface ConsumerSettings {
  readonly options: InboxConsumerOptions;
  readonly groupId: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffSettings;
  readonly registry: EventRegistry;
  readonly parkedRetryIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  readonly logger: LoggerService;
  readonly metrics: ConsumerMetrics;
  readonly tables: Record<MessagingTable, string>;
  readonly lifecycle: ConsumerLifecycle;
}

/** The type named by the relay's `type` header, if any. */
export function typeHeaderOf(headers: IHeaders): string | undefined {
  const header = headers.type;
  return Buffer.isBuffer(header) ? header.toString('utf8') : typeof header === 'string' ? header : undefined;
}

import { Logger } from '@nestjs/common';
import type { MessagePublisher, OutgoingMessage } from '@credit/messaging';
import type { DataSource, QueryRunner } from 'typeorm';
import { onAppendCommitted } from './commit-signal';
import { relayMetrics } from './metrics';
import { OUTBOX_EVENT_COLUMNS, RELAY_LOCK_NAMESPACE } from './schema';
import { outboxRowToMessage, type OutboxRow } from './stored-event';

export interface OutboxRelayOptions {
  /**
   * Events per outbox transaction (default 1000: a full intake batch goes out in one transaction;
   * each publish call is still bounded by maxPublishBytes).
   */
  batchSize?: number;
  /** Pause when the outbox is drained (default 100 ms); a full batch is followed at once by the next. */
  pollIntervalMs?: number;
  /**
   * Second key of the leader lock (the first is RELAY_LOCK_NAMESPACE). Default: a hash of the
   * current schema, so services sharing a database with separate schemas do not block each other.
   */
  lockKey?: number;
  /** How often an instance that is not the leader tries to become it (default 1000 ms). */
  lockRetryMs?: number;
  /** Back-off after a failed batch (Kafka or PostgreSQL unavailable): doubles from initial to max. */
  retryBackoffMs?: { initial: number; max: number };
  /**
   * Upper bound of the bytes handed to one `publish` call (default 512 KiB), well under Kafka's
   * default message.max.bytes (1 MiB) that a whole record batch must fit in.
   */
  maxPublishBytes?: number;
  /** How often the pending gauges are refreshed from the database while not idle (default 5000 ms). */
  metricsIntervalMs?: number;
  logger?: RelayLogger;
}

/** The subset of Nest's Logger the relay uses; Nest's (routed to pino by the platform) by default. */
export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

/** The dedicated connection that holds the session-level leader lock, and runs the batches. */
interface Leadership {
  runner: QueryRunner;
  pid: number;
}

/**
 * Publishes committed events from the outbox to Kafka: at least once, never skipping one, and in
 * commit order per subject.
 *
 * - One leader per database: a session-level advisory lock held on a dedicated connection. The
 *   batches run on that same connection, so a leader whose connection dies loses the lock and its
 *   open batch together: whoever takes over finds every unacknowledged row still in the outbox.
 * - A batch is `SELECT ... FOR UPDATE` in position order, publish (await the acks), `DELETE`, COMMIT.
 *   A crash between the acks and COMMIT publishes the batch again (consumers dedupe by event id).
 * - Published rows are deleted rather than a position checkpoint advanced: an append that commits
 *   late with a lower position than events already published is still in the outbox, and goes out
 *   in the next batch. (Appends lock their subject until commit, so within one subject positions
 *   are in commit order; the late event is always about another subject.)
 * - A failing publish is retried with back-off, never skipped: `credit_relay_oldest_pending_seconds`
 *   is what alerts on a stuck relay.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockKey: number | null;
  private readonly lockRetryMs: number;
  private readonly backoff: { initial: number; max: number };
  private readonly maxPublishBytes: number;
  private readonly metricsIntervalMs: number;
  private readonly logger: RelayLogger;

  private leadership?: Leadership;
  private running = false;
  /** Since when steps fail (undefined while they succeed), and the last failure. */
  private failingSince?: number;
  private lastError?: string;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set when this process committed an append since the current step began (commit-signal). */
  private nudged = false;
  /** True during a poll pause (not a back-off or a non-leader's wait): the only pause a nudge cuts short. */
  private polling = false;
  private unsubscribe?: () => void;
  /** Serialises the loop, drainOnce() and stop() on the one leader connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private gaugesRefreshedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 1000);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    if (options.lockKey !== undefined && !(Number.isInteger(options.lockKey) && Math.abs(options.lockKey) < 2 ** 31)) {
      throw new Error(`OutboxRelay: lockKey must be a 32-bit integer, got ${options.lockKey}`);
    }
    this.lockKey = options.lockKey ?? null;
    this.lockRetryMs = options.lockRetryMs ?? 1000;
    // Capped at 2 s so that publishing resumes within seconds of Kafka being back.
    this.backoff = options.retryBackoffMs ?? { initial: 200, max: 2_000 };
    this.maxPublishBytes = options.maxPublishBytes ?? 512 * 1024;
    this.metricsIntervalMs = options.metricsIntervalMs ?? 5000;
    this.logger = options.logger ?? new Logger('OutboxRelay');
  }

  /**
   * What /health says of the relay: running (publishing, or standing by while another instance
   * leads), or down since its last step failed (Kafka or PostgreSQL unavailable) until one succeeds.
   */
  health(): { status: 'up' } | { status: 'down'; message: string } {
    if (!this.running) return { status: 'down', message: 'outbox relay is not running' };
    if (this.failingSince !== undefined) {
      return { status: 'down', message: `outbox relay failing since ${new Date(this.failingSince).toISOString()}: ${this.lastError ?? 'unknown error'}` };
    }
    return { status: 'up' };
  }

  /** True while this instance holds the leader lock. */
  get isLeader(): boolean {
    return this.leadership !== undefined;
  }

  /** Tries for the leader lock once, then keeps publishing (or trying for the lock) until stop(). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onAppendCommitted(this.dataSource, () => {
      this.nudged = true;
      if (this.polling) this.wake?.();
    });
    try {
      await this.exclusive(() => this.ensureLeadership());
    } catch (error) {
      this.logger.warn(`Outbox relay could not try for the leader lock yet: ${describe(error)}`);
    }
    this.loop = this.run();
  }

  /**
   * Lets the batch in flight finish (published and removed from the outbox, so a successor does
   * not publish it again), then gives up the leader lock.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.exclusive(() => this.stepDown());
  }

  /**
   * Publishes one batch if this instance is, or can become, the leader; returns how many events
   * were published (0 when the outbox is empty or another instance leads). An instance that took
   * the lock here keeps it until stop(). For tools and tests; a service calls start().
   */
  drainOnce(): Promise<number> {
    return this.exclusive(async () => ((await this.ensureLeadership()) ? this.drainBatch() : 0));
  }

  /** Committed events waiting for Kafka, and the age of the oldest (by recording time). */
  async pending(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [row]: { count: number; oldest_age_seconds: number | null }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::integer FROM outbox) AS count,
              (SELECT extract(epoch FROM now() - e.recorded_at)::float8
                 FROM events e WHERE e.global_position = (SELECT min(o.global_position) FROM outbox o)) AS oldest_age_seconds`,
    );
    return { count: row.count, oldestAgeSeconds: Math.max(0, row.oldest_age_seconds ?? 0) };
  }

  private async run(): Promise<void> {
    let backoff = this.backoff.initial;
    while (this.running) {
      let delay: number;
      let poll = false;
      try {
        this.nudged = false;
        const published = await this.exclusive(() => this.step());
        // A full batch, or an append committed here meanwhile: on at once; otherwise poll.
        poll = published !== null && published < this.batchSize && !this.nudged;
        delay = published === null ? this.lockRetryMs : poll ? this.pollIntervalMs : 0;
        backoff = this.backoff.initial;
        if (this.failingSince !== undefined) this.logger.log('Outbox relay publishing again');
        this.failingSince = undefined;
      } catch (error) {
        this.failingSince ??= Date.now();
        this.lastError = describe(error);
        this.logger.error(
          `Outbox relay step failed; retrying (the same events, if any were in flight) in ${backoff} ms: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
        delay = backoff;
        backoff = Math.min(backoff * 2, this.backoff.max);
      }
      if (delay > 0 && this.running) {
        this.polling = poll;
        await this.pause(delay);
        this.polling = false;
      }
    }
  }

  /** One loop step: null when another instance leads, else the number of events published. */
  private async step(): Promise<number | null> {
    if (!(await this.ensureLeadership())) {
      await this.refreshGauges();
      return null;
    }
    const published = await this.drainBatch();
    if (published === 0) {
      // Nothing visible to the leader's FOR UPDATE scan means nothing committed is pending.
      relayMetrics.pending.set(0);
      relayMetrics.oldestPendingSeconds.set(0);
      this.gaugesRefreshedAt = Date.now();
    } else {
      await this.refreshGauges();
    }
    return published;
  }

  private async drainBatch(): Promise<number> {
    const { runner } = this.leadership as Leadership;
    try {
      // Never SKIP LOCKED: a second drainer (a misconfigured lock key, a manual drain) skipping
      // the rows another holds would publish a subject's later events before its earlier ones.
      // Waiting keeps the order; lock_timeout turns a wedged holder into a retried error.
      await runner.query(`BEGIN; SET LOCAL lock_timeout = '30s'`);
      // The outbox rows first (locked, in order), then their events by key: joined the other way
      // round, the planner may merge-join the whole events table from its first position to
      // reach the outbox's, a cost that grows with every event ever stored.
      const rows: OutboxRow[] = await runner.query(
        `SELECT ${OUTBOX_EVENT_COLUMNS}
           FROM (SELECT o.global_position FROM outbox o ORDER BY o.global_position LIMIT $1 FOR UPDATE) o
           JOIN events e ON e.global_position = o.global_position
          ORDER BY o.global_position`,
        [this.batchSize],
      );
      if (rows.length > 0) {
        const messages = rows.map(outboxRowToMessage);
        for (const chunk of byteBoundedChunks(messages, this.maxPublishBytes)) {
          await this.publisher.publish(chunk);
        }
        await runner.query('DELETE FROM outbox WHERE global_position = ANY($1::bigint[])', [
          rows.map((row) => row.global_position),
        ]);
      }
      await runner.query('COMMIT');
      if (rows.length > 0) relayMetrics.published.inc(rows.length);
      return rows.length;
    } catch (error) {
      try {
        await runner.query('ROLLBACK');
      } catch {
        // The leader connection is gone, and with it the lock: stop publishing until re-elected.
        await this.loseLeadership(error);
      }
      throw error;
    }
  }

  private async ensureLeadership(): Promise<boolean> {
    if (this.leadership) return true;
    const runner = this.dataSource.createQueryRunner();
    let acquired = false;
    try {
      await runner.connect();
      const [row]: { acquired: boolean; pid: number }[] = await runner.query(
        `SELECT pg_try_advisory_lock($1, coalesce($2::integer, hashtext(current_schema()))) AS acquired,
                pg_backend_pid() AS pid`,
        [RELAY_LOCK_NAMESPACE, this.lockKey],
      );
      acquired = row.acquired;
      if (acquired) {
        this.leadership = { runner, pid: row.pid };
        this.logger.log(`Outbox relay is the leader (backend ${row.pid})`);
      }
    } catch (error) {
      await discard(runner, error);
      throw error;
    }
    if (!acquired) await runner.release();
    return acquired;
  }

  private async stepDown(): Promise<void> {
    const leadership = this.leadership;
    if (!leadership) return;
    this.leadership = undefined;
    try {
      await leadership.runner.query('SELECT pg_advisory_unlock_all()');
      await leadership.runner.release();
      this.logger.log('Outbox relay released the leader lock');
    } catch (error) {
      await discard(leadership.runner, error);
    }
  }

  private async loseLeadership(cause: unknown): Promise<void> {
    const leadership = this.leadership;
    if (!leadership) return;
    this.leadership = undefined;
    this.logger.warn(`Outbox relay lost its leader connection (backend ${leadership.pid}): ${describe(cause)}`);
    await discard(leadership.runner, cause);
  }

  private async refreshGauges(): Promise<void> {
    if (Date.now() - this.gaugesRefreshedAt < this.metricsIntervalMs) return;
    this.gaugesRefreshedAt = Date.now();
    try {
      const { count, oldestAgeSeconds } = await this.pending();
      relayMetrics.pending.set(count);
      relayMetrics.oldestPendingSeconds.set(oldestAgeSeconds);
    } catch (error) {
      this.logger.warn(`Could not measure the outbox: ${describe(error)}`);
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits `ms`, or less when woken (stop(), or a poll pause cut short by an append committed here). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/**
 * Closes the connection instead of returning it to the pool: a pooled session that still held
 * the leader lock would keep every relay (this one included) from ever leading again.
 */
async function discard(runner: QueryRunner, cause: unknown): Promise<void> {
  const release = (runner as unknown as { releasePostgresConnection?: (error: unknown) => Promise<void> })
    .releasePostgresConnection;
  try {
    if (typeof release === 'function') await release.call(runner, cause instanceof Error ? cause : new Error(String(cause)));
    else await runner.release();
  } catch {
    // Already released by the driver after a connection error.
  }
}

/** Consecutive slices of `messages`, in order, each under `maxBytes` unless one message alone exceeds it. */
export function* byteBoundedChunks(messages: OutgoingMessage[], maxBytes: number): Generator<OutgoingMessage[]> {
  let chunk: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value) + Buffer.byteLength(message.key) + 256;
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`OutboxRelay: ${name} must be a positive integer`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { backoffDelay, persistently } from './backoff';
import type { ConsumerSettings, Owned, RecordPosition, SourceRecord } from './consumer-types';
import type { DeadLettering, ParkedPoison } from './dead-lettering';
import { decodeEnvelope, EventMeta, orderKeyOf } from './decoding';
import { describeFailure, isEventNotReady, isTransientInfrastructureError, type EventNotReadyError } from './errors';
import { HandlerFailure, InboxDedup } from './inbox-dedup';
import { ParkedEvents, ParkRequest } from './parked-events';
import type { RecordObserver } from './record-observer';

/** A parked event whose dependency is late is retried less and less often, at least every 5 minutes. */
const PARKED_MAX_DELAY_MS = 5 * 60_000;
const PARKED_KEYS_PER_PASS = 200;

/** An event's identity as parking needs it. */
export type ParkableMeta = EventMeta & { id: string; type: string; version: number };

/** How an event is parked: why, and when it is tried again. */
export type ParkHow = Pick<ParkRequest, 'reason' | 'lastError' | 'attempts' | 'failures' | 'retryInMs'>;

/**
 * Parking and the retry of parked events. An event whose handler throws EventNotReadyError, whose
 * version is newer than the contract known here, or whose subject already has parked events waits
 * in `parked_events` (through {@link ParkedEvents}); a timer retries the parked events per subject,
 * oldest first, through the same inbox transaction, with backoff; one that keeps failing goes to
 * the dead-letter topic.
 */
export class RetryParking {
  readonly parked: ParkedEvents;
  private timer?: NodeJS.Timeout;
  /** The retry pass under way, if any (stop() waits for it). */
  pass?: Promise<unknown>;

  constructor(
    private readonly settings: ConsumerSettings,
    private readonly observer: RecordObserver,
    private readonly inbox: InboxDedup,
    private readonly deadLettering: DeadLettering,
  ) {
    this.parked = new ParkedEvents(settings.options.dataSource, settings.groupId, settings.tables);
  }

  private warn(message: string): void {
    this.settings.logger.warn(message);
  }

  // ---------------------------------------------------------------- parking

  /** Whether the subject (order key) has parked events, retried (the partition waits) until known. */
  async hasParked(owned: Owned, orderKey: string): Promise<boolean> {
    return persistently(owned, 'parked lookup', () => this.parked.hasParked(orderKey), (message) => this.warn(message));
  }

  /** Parks an event, retried (the partition waits) until it is stored. The parked gauge is the caller's ({@link afterPark}). */
  async park(owned: Owned, meta: ParkableMeta, raw: Record<string, unknown>, record: SourceRecord, how: ParkHow): Promise<void> {
    await persistently(
      owned,
      `park ${meta.id}`,
      () => this.parked.park({ ...this.parkTarget(meta, raw, record), ...how }),
      (message) => this.warn(message),
    );
  }

  /** Parks an event its handler found not ready yet (an earlier fact has not arrived), to be tried again later. */
  async parkNotReady(
    owned: Owned,
    event: ParkableMeta,
    raw: Record<string, unknown>,
    record: SourceRecord,
    cause: EventNotReadyError,
    attempts: number,
    failures: number,
  ): Promise<void> {
    await this.park(owned, event, raw, record, {
      reason: 'not-ready',
      lastError: describeFailure(cause).message,
      attempts,
      failures,
      retryInMs: cause.retryAfterMs ?? this.parkedDelay(1),
    });
    await this.afterPark();
  }

  private parkTarget(meta: ParkableMeta, raw: Record<string, unknown>, record: SourceRecord) {
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

  parkedDelay(attempts: number): number {
    return backoffDelay(attempts, { initial: this.settings.parkedRetryIntervalMs, max: PARKED_MAX_DELAY_MS });
  }

  async afterPark(): Promise<void> {
    await this.refreshParkedGauge().catch(() => undefined);
  }

  // ---------------------------------------------------------------- retry of parked events

  /**
   * One retry pass over the parked events that are due: per subject, oldest first, until one is
   * still not ready. Returns how many events left the parked table.
   */
  async retryParked(): Promise<number> {
    let released = 0;
    const keys = await this.parked.dueKeys(PARKED_KEYS_PER_PASS);
    for (const key of keys) {
      if (this.settings.lifecycle.stopRequested) break;
      try {
        released += await this.retryParkedKey(key);
      } catch (error) {
        this.warn(`retrying parked events of ${key} failed: ${describeFailure(error).message}`);
      }
    }
    await this.refreshParkedGauge();
    return released;
  }

  private async retryParkedKey(orderKey: string): Promise<number> {
    let released = 0;
    while (!this.settings.lifecycle.stopRequested) {
      const step = await this.retryParkedHead(orderKey);
      if (step === 'blocked') break;
      released++;
    }
    return released;
  }

  /** Tries the oldest parked event of a key. 'released' when it left the table (whatever the outcome). */
  private async retryParkedHead(orderKey: string): Promise<'released' | 'blocked'> {
    const { options, registry, maxAttempts, backoff, logger } = this.settings;
    const qr = options.dataSource.createQueryRunner();
    let poison: ParkedPoison | undefined;
    try {
      await qr.connect();
      await qr.startTransaction();
      const row = await this.parked.lockHead(qr, orderKey);
      if (!row || !row.due) {
        await qr.commitTransaction();
        return 'blocked';
      }
      const position: RecordPosition = { topic: row.topic, partition: row.kafka_partition, offset: row.kafka_offset };
      const decoded = decodeEnvelope(row.event, registry, (type) => options.handlerFor(type));
      const attempt = row.attempts + 1;

      if (decoded.kind === 'ignore') {
        // The service no longer handles this type (an upgrade removed the reaction).
        await this.parked.remove(qr, row.id);
        await qr.commitTransaction();
        this.observer.observe(position, 'ignored', { type: decoded.type, id: row.event_id }, true);
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
          const outcome = await this.inbox.runInInbox(qr, decoded.event, decoded.handler, position, attempt);
          await qr.query('RELEASE SAVEPOINT parked_attempt');
          await this.parked.remove(qr, row.id);
          await qr.commitTransaction();
          this.observer.observe(position, outcome, decoded.event, true);
          if (outcome === 'applied' && options.afterCommit) await options.afterCommit(decoded.event, position);
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
            retryInMs: backoffDelay(failures, backoff),
          });
          await qr.commitTransaction();
          if (failures < maxAttempts) {
            logger.warn(`parked ${row.event_type} ${row.event_id} failed (attempt ${failures}/${maxAttempts}): ${failure.message}`);
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
    await this.deadLettering.deadLetterParked(poison);
    return 'released';
  }

  /** Number of events this group has parked (also published as credit_parked_events). */
  async parkedCount(): Promise<number> {
    return this.parked.count();
  }

  private async refreshParkedGauge(): Promise<void> {
    this.settings.metrics.parked.set({ group: this.settings.groupId }, await this.parked.count());
  }

  // ---------------------------------------------------------------- the retry timer

  /** Schedules the next retry pass (every `parkedRetryIntervalMs` while the consumer runs). */
  schedule(): void {
    if (!this.settings.lifecycle.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.retryParked()
        .catch((error: unknown) => this.warn(`parked retry pass failed: ${describeFailure(error).message}`))
        .finally(() => {
          this.pass = undefined;
          this.schedule();
        });
    }, this.settings.parkedRetryIntervalMs);
  }

  /** No further pass is scheduled (the one under way, {@link pass}, runs to its end). */
  cancel(): void {
    clearTimeout(this.timer);
  }
}

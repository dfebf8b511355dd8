import { backoffDelay, INFRASTRUCTURE_BACKOFF, persistently, ProcessingAborted, sleepWhile } from './backoff';
import { typeHeaderOf, type ConsumerSettings, type InboxHandler, type Owned, type RecordDone, type SourceRecord } from './consumer-types';
import type { DeadLettering } from './dead-lettering';
import { decodeEnvelope, Decoded, EventMeta, orderKeyOf, parseRecordValue } from './decoding';
import { describeFailure, isEventNotReady, isTransientInfrastructureError } from './errors';
import { HandlerFailure, InboxDedup } from './inbox-dedup';
import type { RecordObserver } from './record-observer';
import type { RetryParking } from './retry-parking';

/**
 * One live record, in order on its partition, to the end: decoded and validated against the
 * contract; ignored, dead-lettered, parked, or applied through the inbox with retries and backoff
 * (`maxAttempts` handler failures, then the dead-letter topic; failures of PostgreSQL or Kafka
 * themselves are waited out in place, never held against the event).
 */
export class RecordProcessing {
  constructor(
    private readonly settings: ConsumerSettings,
    private readonly observer: RecordObserver,
    private readonly inbox: InboxDedup,
    private readonly parking: RetryParking,
    private readonly deadLettering: DeadLettering,
  ) {}

  /** Handles one record to the end; 'ignored' when its type is not this service's (nothing was done). */
  async processRecord(record: SourceRecord, owned: Owned): Promise<RecordDone> {
    const { options, registry, logger } = this.settings;
    // The relay names the type in a header: a type this service does not handle is skipped unparsed.
    const typeHeader = typeHeaderOf(record.headers);
    if (typeHeader !== undefined && options.handlerFor(typeHeader) === undefined) {
      this.observer.observe(record, 'ignored', { type: typeHeader }, false);
      return 'ignored';
    }
    const parsed = parseRecordValue(record.value);
    if (!parsed.ok) {
      await this.deadLettering.deadLetter(record, {}, 'malformed-json', { message: `malformed-json: ${parsed.message}` }, 0, owned);
      return 'done';
    }
    const decoded = decodeEnvelope(parsed.raw, registry, (type) => options.handlerFor(type));
    switch (decoded.kind) {
      case 'ignore':
        this.observer.observe(record, 'ignored', { type: decoded.type }, false);
        return 'ignored';
      case 'reject':
        await this.deadLettering.deadLetter(record, decoded.meta, decoded.reason, { message: decoded.message }, 0, owned);
        return 'done';
      case 'unknown-version':
        await this.parking.park(owned, decoded.meta, decoded.raw, record, {
          reason: 'unknown-version',
          lastError: decoded.message,
          attempts: 0,
          failures: 0,
          retryInMs: this.parking.parkedDelay(1),
        });
        logger.warn(`parked ${decoded.meta.type} v${decoded.meta.version} ${decoded.meta.id}: ${decoded.message}`);
        await this.parking.afterPark();
        this.observer.observe(record, 'parked', decoded.meta, false);
        return 'done';
      case 'event':
        await this.handleEvent(record, decoded, owned);
        return 'done';
    }
  }

  private async handleEvent(
    record: SourceRecord,
    decoded: Extract<Decoded<InboxHandler>, { kind: 'event' }>,
    owned: Owned,
  ): Promise<void> {
    const { options, logger, maxAttempts, backoff } = this.settings;
    const { event, raw, handler } = decoded;
    const meta: EventMeta = event;

    // A subject with parked events: this one waits behind them, or the subject's later facts
    // would be applied before earlier ones (listed before the penalty it is based on).
    const blocked = await this.parking.hasParked(owned, orderKeyOf(event));
    if (blocked) {
      // Already applied (a redelivery after it was unparked): parking it again would be harmless
      // but would hold the subject up for a retry round.
      if (await persistently(owned, 'inbox lookup', () => this.inbox.contains(event.id), (message) => logger.warn(message))) {
        this.observer.observe(record, 'duplicate', meta, false);
        return;
      }
      await this.parking.park(owned, event, raw, record, {
        reason: 'behind-parked',
        lastError: null,
        attempts: 0,
        failures: 0,
        retryInMs: 0,
      });
      await this.parking.afterPark();
      this.observer.observe(record, 'parked', meta, false);
      return;
    }

    let failures = 0;
    let infrastructureRetries = 0;
    let lastFailure: unknown;
    for (let attempt = 1; ; attempt++) {
      if (!owned()) throw new ProcessingAborted();
      let outcome: 'applied' | 'duplicate';
      try {
        outcome = await this.inbox.applyInInbox(event, handler, record, attempt);
      } catch (error) {
        const cause = error instanceof HandlerFailure ? error.failure : error;
        if (error instanceof HandlerFailure && isEventNotReady(cause)) {
          await this.parking.parkNotReady(owned, event, raw, record, cause, attempt, failures);
          this.observer.observe(record, 'parked', meta, false);
          return;
        }
        if (!(error instanceof HandlerFailure) || isTransientInfrastructureError(cause)) {
          infrastructureRetries++;
          logger.warn(`${event.type} ${event.id}: infrastructure failure, retrying (${describeFailure(cause).message})`);
          if (!(await sleepWhile(backoffDelay(infrastructureRetries, INFRASTRUCTURE_BACKOFF), owned))) {
            throw new ProcessingAborted();
          }
          continue;
        }
        failures++;
        lastFailure = cause;
        if (failures >= maxAttempts) break;
        logger.warn(`${event.type} ${event.id} failed (attempt ${failures}/${maxAttempts}): ${describeFailure(cause).message}`);
        if (!(await sleepWhile(backoffDelay(failures, backoff), owned))) throw new ProcessingAborted();
        continue;
      }
      this.observer.observe(record, outcome, meta, false);
      if (outcome === 'applied' && options.afterCommit) {
        await options.afterCommit(event, { topic: record.topic, partition: record.partition, offset: record.offset });
      }
      return;
    }
    logger.error(`${event.type} ${event.id} dead-lettered after ${failures} attempts: ${describeFailure(lastFailure).message}`);
    await this.deadLettering.deadLetter(record, meta, 'handler-failed', describeFailure(lastFailure), failures, owned);
  }
}

import type { IHeaders } from 'kafkajs';
import { backoffDelay, INFRASTRUCTURE_BACKOFF, persistently, ProcessingAborted, sleepWhile } from './backoff';
import { typeHeaderOf, type ConsumerSettings, type InboxHandler, type Owned, type RecordPosition, type SourceRecord } from './consumer-types';
import type { DeadLettering } from './dead-lettering';
import type { DeadLetterReason } from './dead-letters';
import { decodeEnvelope, Decoded, EventMeta, orderKeyOf, parseRecordValue } from './decoding';
import { describeFailure, isEventNotReady, isTransientInfrastructureError } from './errors';
import { HandlerFailure, InboxDedup } from './inbox-dedup';
import { ReplayAborted, ReplayedRecord, tableCountersOf, tableDeltas, TABLE_COUNTERS_SQL } from './replay-tally';
import type { RetryParking } from './retry-parking';

/** A record of a replayed range as handed to {@link RecordReplay.replayRecord}. */
export type ReplaySource = RecordPosition & { key: Buffer | null; value: Buffer | null; headers?: IHeaders };

/**
 * One record of a replayed range (`ops replay`) through a consumer's own decoding, handlers, inbox
 * and parking, without dead-lettering or committing offsets: see InboxConsumer.replayRecord.
 */
export class RecordReplay {
  constructor(
    private readonly settings: ConsumerSettings,
    private readonly inbox: InboxDedup,
    private readonly parking: RetryParking,
    private readonly deadLettering: DeadLettering,
  ) {}

  private persistently<T>(owned: Owned, what: string, step: () => Promise<T>): Promise<T> {
    return persistently(owned, what, step, (message) => this.settings.logger.warn(message));
  }

  async replayRecord(record: ReplaySource, options: { dryRun: boolean; keepGoing?: () => boolean }): Promise<ReplayedRecord> {
    const { options: consumerOptions, registry } = this.settings;
    const owned = options.keepGoing ?? (() => true);
    const source: SourceRecord = { ...record, headers: record.headers ?? {} };
    try {
      const typeHeader = typeHeaderOf(source.headers);
      if (typeHeader !== undefined && consumerOptions.handlerFor(typeHeader) === undefined) return { outcome: 'ignored', type: typeHeader };
      const parsed = parseRecordValue(source.value);
      if (!parsed.ok) return await this.replayedInvalid(source, {}, 'malformed-json', `malformed-json: ${parsed.message}`, owned);
      const decoded = decodeEnvelope(parsed.raw, registry, (type) => consumerOptions.handlerFor(type));
      switch (decoded.kind) {
        case 'ignore':
          return { outcome: 'ignored', type: decoded.type };
        case 'reject':
          return await this.replayedInvalid(source, decoded.meta, decoded.reason, decoded.message, owned);
        case 'unknown-version': {
          const about = { type: decoded.meta.type, eventId: decoded.meta.id };
          if (await this.persistently(owned, 'inbox lookup', () => this.inbox.contains(decoded.meta.id))) return { outcome: 'duplicate', ...about };
          if (!options.dryRun) {
            await this.parking.park(owned, decoded.meta, decoded.raw, source, {
              reason: 'unknown-version',
              lastError: decoded.message,
              attempts: 0,
              failures: 0,
              retryInMs: this.parking.parkedDelay(1),
            });
            await this.parking.afterPark();
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

  private async replayedInvalid(record: SourceRecord, meta: EventMeta, reason: DeadLetterReason, message: string, owned: Owned): Promise<ReplayedRecord> {
    const deadLetterId = await this.deadLettering.letterIdOf(record, owned);
    return {
      outcome: 'invalid',
      reason,
      error: message,
      ...(meta.type !== undefined && { type: meta.type }),
      ...(meta.id !== undefined && { eventId: meta.id }),
      ...(deadLetterId !== undefined && { deadLetterId }),
    };
  }

  private async replayEvent(
    record: SourceRecord,
    decoded: Extract<Decoded<InboxHandler>, { kind: 'event' }>,
    dryRun: boolean,
    owned: Owned,
  ): Promise<ReplayedRecord> {
    const { options, logger, maxAttempts, backoff } = this.settings;
    const { event, raw, handler } = decoded;
    const about = { type: event.type, eventId: event.id };
    // Behind a parked event of the same subject, as live: applied now it would overtake it.
    if (await this.parking.hasParked(owned, orderKeyOf(event))) {
      if (await this.persistently(owned, 'inbox lookup', () => this.inbox.contains(event.id))) return { outcome: 'duplicate', ...about };
      if (!dryRun) {
        await this.parking.park(owned, event, raw, record, { reason: 'behind-parked', lastError: null, attempts: 0, failures: 0, retryInMs: 0 });
        await this.parking.afterPark();
      }
      return { outcome: 'parked', reason: 'behind-parked', ...about };
    }
    let failures = 0;
    let infrastructureRetries = 0;
    for (let attempt = 1; ; attempt++) {
      if (!owned()) throw new ReplayAborted();
      const qr = options.dataSource.createQueryRunner();
      try {
        await qr.connect();
        await qr.startTransaction();
        const before = tableCountersOf(await qr.query(TABLE_COUNTERS_SQL));
        const outcome = await this.inbox.runInInbox(qr, event, handler, record, attempt);
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
          if (!dryRun) await this.parking.parkNotReady(owned, event, raw, record, cause, attempt, failures);
          return { outcome: 'parked', reason: 'not-ready', error: describeFailure(cause).message, ...about };
        }
        if (!(error instanceof HandlerFailure) || isTransientInfrastructureError(cause)) {
          infrastructureRetries++;
          logger.warn(`replay of ${event.type} ${event.id}: infrastructure failure, retrying (${describeFailure(cause).message})`);
          if (!(await sleepWhile(backoffDelay(infrastructureRetries, INFRASTRUCTURE_BACKOFF), owned))) throw new ReplayAborted();
          continue;
        }
        failures++;
        if (failures >= maxAttempts) return { outcome: 'failed', error: describeFailure(cause).message, ...about };
        if (!(await sleepWhile(backoffDelay(failures, backoff), owned))) throw new ReplayAborted();
      } finally {
        await qr.release().catch(() => undefined);
      }
    }
  }
}

import { dlqTopic } from '@credit/contracts';
import { persistently } from './backoff';
import type { ConsumerSettings, Owned, RecordDone, SourceRecord } from './consumer-types';
import { DeadLetterReason, DeadLetterWriter } from './dead-letters';
import type { EventMeta } from './decoding';
import type { FailureDescription } from './errors';
import type { InboxDedup } from './inbox-dedup';
import { KafkaPublisher } from './kafka-publisher';
import type { ParkedRow } from './parked-events';
import type { RecordObserver } from './record-observer';
import { createTopicsIfMissing } from './topics';

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

/** A parked event that is to go to the dead-letter topic (its handler kept failing, or it no longer passes the contract). */
export interface ParkedPoison {
  row: ParkedRow;
  reason: DeadLetterReason;
  failure: FailureDescription;
  attempts: number;
}

/**
 * The consumer's dead letters: records no retry can fix, or whose handler failed `maxAttempts`
 * times, go to `<topic>.dlq.<group>` and the `dead_letters` table (through {@link DeadLetterWriter})
 * and the partition moves on; a dead letter can be fed to the handlers again ({@link redrive}).
 */
export class DeadLettering {
  private readonly publisher: KafkaPublisher;
  private readonly writer: DeadLetterWriter;

  constructor(
    private readonly settings: ConsumerSettings,
    private readonly observer: RecordObserver,
    private readonly inbox: InboxDedup,
  ) {
    const { options, groupId, tables, metrics } = settings;
    this.publisher = new KafkaPublisher(options.kafka);
    this.writer = new DeadLetterWriter(this.publisher, options.dataSource, groupId, tables, metrics);
  }

  /** Before consuming: the dead-letter topics exist (created if missing) and their producer is connected. */
  async prepare(): Promise<void> {
    const { kafka, topics } = this.settings.options;
    await createTopicsIfMissing(
      kafka,
      topics.map((topic) => dlqTopic(topic, this.settings.groupId)),
    );
    await this.publisher.connect();
  }

  async close(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
  }

  /** Dead-letters a record read from Kafka; retried (the partition waits) until the write succeeds. */
  async deadLetter(
    record: SourceRecord,
    meta: EventMeta,
    reason: DeadLetterReason,
    failure: { message: string; stack?: string },
    attempts: number,
    owned: Owned,
  ): Promise<void> {
    const { groupId, logger } = this.settings;
    if (reason !== 'handler-failed') {
      // An incident: the line names the event (type, id, stream) so that ops can find and redrive it.
      const named = meta.type !== undefined ? ` ${meta.type} ${meta.id ?? '(no id)'}${meta.stream !== undefined ? ` on ${meta.stream}` : ''}` : '';
      logger.error(`${record.topic}/${record.partition}@${record.offset}${named} dead-lettered by ${groupId} (${reason}): ${failure.message}`);
    }
    await persistently(
      owned,
      `dead-letter ${record.topic}/${record.partition}@${record.offset}`,
      () =>
        this.writer.write({
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
      (message) => logger.warn(message),
    );
    this.observer.observe(record, 'dead-lettered', meta, false);
  }

  /** Dead-letters a parked event: its parked row goes in the same transaction as the dead_letters row. */
  async deadLetterParked(poison: ParkedPoison): Promise<void> {
    const { row } = poison;
    this.settings.logger.error(`parked ${row.event_type} ${row.event_id} dead-lettered: ${poison.failure.message}`);
    await this.writer.write({
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
    this.observer.observe(
      { topic: row.topic, partition: row.kafka_partition, offset: row.kafka_offset },
      'dead-lettered',
      { id: row.event_id, type: row.event_type },
      true,
    );
  }

  /** The id of the dead letter this group made of a record, if any. */
  async letterIdOf(record: SourceRecord, owned: Owned): Promise<string | undefined> {
    const { options, tables, groupId, logger } = this.settings;
    const [letter]: { id: string }[] = await persistently(
      owned,
      'dead-letter lookup',
      () =>
        options.dataSource.query(
          `SELECT id::text FROM ${tables.dead_letters} WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3 AND kafka_offset = $4`,
          [groupId, record.topic, record.partition, record.offset],
        ),
      (message) => logger.warn(message),
    );
    return letter?.id;
  }

  /**
   * Feeds a dead-lettered record to the handlers again through `process` (the live record path),
   * then says what came of it: applied (the inbox has the event), parked, ignored, or failed again.
   */
  async redrive(deadLetterId: string, process: (record: SourceRecord, owned: Owned) => Promise<RecordDone>): Promise<RedriveResult> {
    const { options, tables, groupId } = this.settings;
    const [row]: DeadLetterRow[] = await options.dataSource.query(
      `SELECT id::text, topic, kafka_partition, kafka_offset::text, message_key, payload, event_id, event_type, resolution
         FROM ${tables.dead_letters} WHERE id::text = $1 AND consumer_group = $2`,
      [deadLetterId, groupId],
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
    const done = await process(record, () => true);
    if (done === 'ignored') return { outcome: 'ignored', ...about };
    if (row.event_id !== null && (await this.inbox.contains(row.event_id))) return { outcome: 'applied', ...about };
    const [parked] = row.event_id === null ? [] : await options.dataSource.query(`SELECT reason FROM ${tables.parked_events} WHERE consumer_group = $1 AND event_id = $2`, [groupId, row.event_id]);
    if (parked) return { outcome: 'parked', ...about };
    const [again] = await options.dataSource.query(`SELECT error_message FROM ${tables.dead_letters} WHERE id::text = $1`, [deadLetterId]);
    return { outcome: 'failed-again', error: again?.error_message ?? 'refused again', ...about };
  }
}

import { dlqTopic } from '@credit/contracts';
import type { IHeaders } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { FailureDescription } from './errors';
import type { KafkaPublisher } from './kafka-publisher';
import type { ConsumerMetrics } from './metrics';
import type { MessagingTable } from './tables';

/** Headers a dead-lettered record carries, besides the original record's own headers. */
export const DLQ_HEADERS = {
  /** `Name: message` of the last failure (or the contract violation), truncated to 2,000 characters. */
  error: 'dlq-error',
  /** Stack of the last failure, truncated to 4,000 characters (absent for contract violations). */
  stack: 'dlq-error-stack',
  /** Why the record was dead-lettered: one of DeadLetterReason. */
  reason: 'dlq-reason',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  /** How many times a handler was tried (0 when the record could not even be read). */
  attempts: 'dlq-attempts',
  group: 'dlq-consumer-group',
  /** ISO 8601 time the record was dead-lettered. */
  failedAt: 'dlq-failed-at',
} as const;

/**
 * `handler-failed`: the handler threw on every attempt. The others are records no retry can fix:
 * not JSON, not an envelope, a type or data the contract does not allow, no upcast path.
 */
export type DeadLetterReason =
  | 'malformed-json'
  | 'malformed-envelope'
  | 'unknown-type'
  | 'invalid-data'
  | 'upcast-failed'
  | 'handler-failed';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  /** The record's value as received (for a parked event, its stored envelope). */
  value: Buffer | string | null;
  headers?: IHeaders;
  reason: DeadLetterReason;
  failure: FailureDescription;
  attempts: number;
  eventId?: string;
  eventType?: string;
  subjectKey?: string | null;
  /** When the record comes out of the parked table: removed in the same transaction as the dead_letters row. */
  parkedId?: string;
}

/**
 * Sends a poison record to `<topic>.dlq.<group>` and records it in `dead_letters`. The Kafka write
 * comes first and the caller commits the source offset only after both: a crash in between
 * produces the dead letter again on redelivery (at least once), it never loses it.
 */
export class DeadLetterWriter {
  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly dataSource: DataSource,
    private readonly group: string,
    private readonly tables: Record<MessagingTable, string>,
    private readonly metrics: ConsumerMetrics,
  ) {}

  async write(letter: DeadLetter): Promise<void> {
    const target = dlqTopic(letter.topic, this.group);
    await this.publisher.publishRaw([
      {
        topic: target,
        key: letter.key,
        value: letter.value,
        headers: {
          ...(letter.headers ?? {}),
          [DLQ_HEADERS.error]: letter.failure.message,
          ...(letter.failure.stack ? { [DLQ_HEADERS.stack]: letter.failure.stack } : {}),
          [DLQ_HEADERS.reason]: letter.reason,
          [DLQ_HEADERS.topic]: letter.topic,
          [DLQ_HEADERS.partition]: String(letter.partition),
          [DLQ_HEADERS.offset]: letter.offset,
          [DLQ_HEADERS.attempts]: String(letter.attempts),
          [DLQ_HEADERS.group]: this.group,
          [DLQ_HEADERS.failedAt]: new Date().toISOString(),
        },
      },
    ]);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO ${this.tables.dead_letters}
           (consumer_group, topic, kafka_partition, kafka_offset, dlq_topic, message_key, event_id, event_type,
            subject_key, reason, error_message, error_stack, attempts, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (consumer_group, topic, kafka_partition, kafka_offset) DO UPDATE
           -- The same record dead-lettered again (a redrive that failed once more): the latest failure.
           SET reason = EXCLUDED.reason, error_message = EXCLUDED.error_message, error_stack = EXCLUDED.error_stack,
               attempts = EXCLUDED.attempts, dead_lettered_at = now()
         WHERE ${this.tables.dead_letters}.resolution IS NULL`,
        [
          this.group,
          letter.topic,
          letter.partition,
          letter.offset,
          target,
          textOf(letter.key),
          letter.eventId ?? null,
          letter.eventType ?? null,
          letter.subjectKey ?? null,
          letter.reason,
          letter.failure.message,
          letter.failure.stack ?? null,
          letter.attempts,
          textOf(letter.value),
        ],
      );
      if (letter.parkedId !== undefined) {
        await manager.query(`DELETE FROM ${this.tables.parked_events} WHERE id = $1`, [letter.parkedId]);
      }
    });
    this.metrics.deadLettered.inc({ group: this.group, topic: letter.topic });
  }
}

/** PostgreSQL text refuses NUL bytes, which a garbage record may well contain. */
function textOf(value: Buffer | string | null): string | null {
  if (value === null) return null;
  return (typeof value === 'string' ? value : value.toString('utf8')).replace(/\u0000/g, '\uFFFD');
}

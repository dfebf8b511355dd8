import type { DataSource, QueryRunner } from 'typeorm';
import type { MessagingTable } from './tables';

export type ParkReason = 'not-ready' | 'unknown-version' | 'behind-parked';

export interface ParkRequest {
  orderKey: string;
  subjectKey: string | null;
  eventId: string;
  eventType: string;
  eventVersion: number;
  /** The envelope as received: re-validated and upcast at each retry, by the registry of that time. */
  event: Record<string, unknown>;
  topic: string;
  partition: number;
  offset: string;
  reason: ParkReason;
  lastError: string | null;
  attempts: number;
  failures: number;
  retryInMs: number;
}

export interface ParkedRow {
  id: string;
  order_key: string;
  subject_key: string | null;
  event_id: string;
  event_type: string;
  event_version: number;
  event: Record<string, unknown>;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  reason: ParkReason;
  attempts: number;
  failures: number;
  due: boolean;
}

/** The `parked_events` table of one consumer group. */
export class ParkedEvents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly group: string,
    private readonly tables: Record<MessagingTable, string>,
  ) {}

  async hasParked(orderKey: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.tables.parked_events} WHERE consumer_group = $1 AND order_key = $2 LIMIT 1`,
      [this.group, orderKey],
    );
    return rows.length > 0;
  }

  /** Idempotent per event: a record redelivered after a crash before its offset commit is parked once. */
  async park(request: ParkRequest): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.tables.parked_events}
         (consumer_group, order_key, subject_key, event_id, event_type, event_version, event, topic,
          kafka_partition, kafka_offset, reason, last_error, attempts, failures, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13, $14,
               now() + $15 * interval '1 millisecond')
       ON CONFLICT (consumer_group, event_id) DO NOTHING`,
      [
        this.group,
        request.orderKey,
        request.subjectKey,
        request.eventId,
        request.eventType,
        request.eventVersion,
        JSON.stringify(request.event),
        request.topic,
        request.partition,
        request.offset,
        request.reason,
        request.lastError,
        request.attempts,
        request.failures,
        Math.max(0, Math.round(request.retryInMs)),
      ],
    );
  }

  async count(): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM ${this.tables.parked_events} WHERE consumer_group = $1`,
      [this.group],
    );
    return Number(row.n);
  }

  /** Keys whose oldest parked event is due, oldest first. */
  async dueKeys(limit: number): Promise<string[]> {
    const rows: { order_key: string }[] = await this.dataSource.query(
      `SELECT order_key FROM (
         SELECT DISTINCT ON (order_key) order_key, id, next_attempt_at
           FROM ${this.tables.parked_events}
          WHERE consumer_group = $1
          ORDER BY order_key, id
       ) heads
       WHERE next_attempt_at <= now()
       ORDER BY id
       LIMIT $2`,
      [this.group, limit],
    );
    return rows.map((r) => r.order_key);
  }

  /**
   * Within `qr`'s transaction: takes the key's retry lock (several instances of a service retry
   * the same table; a key is retried by one of them at a time, in order), then reads its head.
   * Undefined when another instance holds the key or nothing is parked under it.
   */
  async lockHead(qr: QueryRunner, orderKey: string): Promise<ParkedRow | undefined> {
    const [{ locked }]: { locked: boolean }[] = await qr.query(
      `SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked`,
      [this.group, orderKey],
    );
    if (!locked) return undefined;
    const rows: ParkedRow[] = await qr.query(
      `SELECT id::text AS id, order_key, subject_key, event_id, event_type, event_version, event, topic,
              kafka_partition, kafka_offset::text AS kafka_offset, reason, attempts, failures,
              next_attempt_at <= now() AS due
         FROM ${this.tables.parked_events}
        WHERE consumer_group = $1 AND order_key = $2
        ORDER BY id
        LIMIT 1`,
      [this.group, orderKey],
    );
    return rows[0];
  }

  async remove(qr: QueryRunner, id: string): Promise<void> {
    await qr.query(`DELETE FROM ${this.tables.parked_events} WHERE id = $1`, [id]);
  }

  async reschedule(
    qr: QueryRunner,
    id: string,
    change: { reason?: ParkReason; lastError: string; failed: boolean; retryInMs: number },
  ): Promise<void> {
    await qr.query(
      `UPDATE ${this.tables.parked_events}
          SET attempts = attempts + 1,
              failures = failures + CASE WHEN $2 THEN 1 ELSE 0 END,
              reason = COALESCE($3, reason),
              last_error = $4,
              next_attempt_at = now() + $5 * interval '1 millisecond'
        WHERE id = $1`,
      [id, change.failed, change.reason ?? null, change.lastError, Math.max(0, Math.round(change.retryInMs))],
    );
  }
}

import type { EventEnvelope } from '@credit/contracts';
import type { DataSource, QueryRunner } from 'typeorm';
import type { InboxHandler, RecordPosition } from './consumer-types';
import { InboxContext } from './inbox-context';
import type { MessagingTable } from './tables';

/** A handler (or the commit of its transaction) failed: counts towards the dead-letter topic. */
export class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/**
 * Deduplication through the `inbox` table of one consumer group: the inbox row and the handler's
 * effect commit in one transaction, so a redelivered event finds its row (ON CONFLICT DO NOTHING
 * inserts nothing) and its handler is not run a second time.
 */
export class InboxDedup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly groupId: string,
    private readonly tables: Record<MessagingTable, string>,
  ) {}

  /**
   * One try, in its own transaction. Throws HandlerFailure when the handler or the commit failed,
   * anything else when the inbox itself could not be reached.
   */
  async applyInInbox(
    event: EventEnvelope,
    handler: InboxHandler,
    position: RecordPosition,
    attempt: number,
  ): Promise<'applied' | 'duplicate'> {
    const qr = this.dataSource.createQueryRunner();
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
  async runInInbox(
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

  /** Whether this group's inbox already has the event (its effect is there). */
  async contains(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.tables.inbox} WHERE consumer_group = $1 AND event_id = $2`,
      [this.groupId, eventId],
    );
    return rows.length > 0;
  }
}

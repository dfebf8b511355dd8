import { subjectRegisteredV1, type EventEnvelope, type ObjectionRecordType, type SubjectRegisteredV1 } from '@credit/contracts';
import { EventStore, handleCommand } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { subjectLinkDecider } from './subject-link.decider';

/**
 * Policy: records accepted for a subject the registry did not know (domain.md §2 issue: "accepted,
 * flagged in the code-quality figures, and linked when the subject appears") are linked when the
 * subject is registered: the subject is known from then on, and each unlinked record of its key
 * gets `record-subject-linked`, in the inbox transaction (a second delivery is a no-op).
 */
@Controller()
export class SubjectLinkReaction {
  constructor(private readonly store: EventStore) {}

  @EventPattern(subjectRegisteredV1.type)
  async onSubjectRegistered(@Payload() event: EventEnvelope<SubjectRegisteredV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const manager = ctx.manager;
    await manager.query(`INSERT INTO known_subjects (subject_key, registered_at, event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      event.subjectKey,
      event.recordedAt,
      event.id,
    ]);
    const unlinked: { id: string; record_type: ObjectionRecordType }[] = await manager.query(
      `SELECT id, 'PENALTY' AS record_type FROM penalties WHERE subject_key = $1 AND NOT subject_linked
       UNION ALL SELECT id, 'LICENSE' FROM licenses WHERE subject_key = $1 AND NOT subject_linked
       ORDER BY id`,
      [event.subjectKey],
    );
    const tx = this.store.within(manager);
    for (const record of unlinked) {
      const stream = `${record.record_type === 'PENALTY' ? 'penalty' : 'license'}-${record.id}`;
      const { events } = await handleCommand(
        tx,
        stream,
        subjectLinkDecider,
        { type: 'LinkSubject', data: { recordId: record.id, recordType: record.record_type, linkedBy: 'CODE' } },
        { subjectKey: event.subjectKey, correlationId: event.correlationId, causationId: event.id, actor: event.actor },
      );
      const table = record.record_type === 'PENALTY' ? 'penalties' : 'licenses';
      const version = events.at(-1)?.streamVersion;
      await manager.query(
        `UPDATE ${table} SET subject_linked = true${version !== undefined ? ', stream_version = $2' : ''} WHERE id = $1`,
        version !== undefined ? [record.id, version] : [record.id],
      );
    }
  }
}

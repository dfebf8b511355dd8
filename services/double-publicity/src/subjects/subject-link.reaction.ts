import {
  legacyCodeAddedV1,
  subjectRegisteredV1,
  type EventEnvelope,
  type LegacyCodeAddedV1,
  type RecordSubjectLinkedV1,
  type SubjectRegisteredV1,
} from '@credit/contracts';
import { EventStore, handleCommand } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { individualBusinessKey, isIndividualBusinessKey, isIndividualBusinessCode } from '@credit/credit-rules';
import { subjectLinkDecider } from './subject-link.decider';
import { markRecordLinked, markSubjectKnown, unlinkedRecordsOf } from './subjects.repository';

/**
 * Policy: records accepted for a subject the registry did not know (domain.md §2 issue: "accepted,
 * flagged in the code-quality figures, and linked when the subject appears") are linked when the
 * subject is registered: the subject is known from then on, and each unlinked record of its key
 * gets `record-subject-linked`, in the inbox transaction (a second delivery is a no-op).
 *
 * An individual business without a code is recorded under the placeholder and keyed
 * `IB-<registration number>` (as the registry keys it). Such records are linked by that number
 * (linkedBy REGISTRATION_NO) when the registry registers the business under the placeholder, or
 * under its USCC with the number as a REGISTRATION_NO legacy code (at registration or added later);
 * the key `IB-<number>` is then known too, so later records under it are linked from the start.
 */
@Controller()
export class SubjectLinkReaction {
  constructor(private readonly store: EventStore) {}

  @EventPattern(subjectRegisteredV1.type)
  async onSubjectRegistered(@Payload() event: EventEnvelope<SubjectRegisteredV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const subjectKey = event.subjectKey as string;
    const byNumber = isIndividualBusinessKey(subjectKey);
    await this.link(ctx.manager, event, subjectKey, byNumber ? { linkedBy: 'REGISTRATION_NO' } : { linkedBy: 'CODE' });
    // A business registered with its USCC: its registration numbers name the records of its placeholder days.
    if (event.data.kind !== 'INDIVIDUAL_BUSINESS' || event.data.code === null) return;
    for (const legacy of event.data.legacyCodes) {
      const alias = legacy.scheme === 'REGISTRATION_NO' ? individualBusinessKey(legacy.value) : null;
      if (alias !== null && alias !== subjectKey) await this.link(ctx.manager, event, alias, { linkedBy: 'REGISTRATION_NO', subjectCode: event.data.code });
    }
  }

  @EventPattern(legacyCodeAddedV1.type)
  async onLegacyCodeAdded(@Payload() event: EventEnvelope<LegacyCodeAddedV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const subjectKey = event.subjectKey as string;
    if (event.data.scheme !== 'REGISTRATION_NO' || !isIndividualBusinessCode(subjectKey)) return;
    const alias = individualBusinessKey(event.data.value);
    if (alias !== null) await this.link(ctx.manager, event, alias, { linkedBy: 'REGISTRATION_NO', subjectCode: subjectKey });
  }

  /** Marks `key` known and links each unlinked record under it, on the record's own stream and key. */
  private async link(
    manager: EntityManager,
    cause: EventEnvelope,
    key: string,
    how: Pick<RecordSubjectLinkedV1, 'linkedBy' | 'subjectCode'>,
  ): Promise<void> {
    await markSubjectKnown(manager, key, cause.recordedAt, cause.id);
    const unlinked = await unlinkedRecordsOf(manager, key);
    const tx = this.store.within(manager);
    for (const record of unlinked) {
      const stream = `${record.record_type === 'PENALTY' ? 'penalty' : 'license'}-${record.id}`;
      const { events } = await handleCommand(
        tx,
        stream,
        subjectLinkDecider,
        { type: 'LinkSubject', data: { recordId: record.id, recordType: record.record_type, ...how } },
        { subjectKey: key, correlationId: cause.correlationId, causationId: cause.id, actor: cause.actor },
      );
      const table = record.record_type === 'PENALTY' ? 'penalties' : 'licenses';
      const version = events.at(-1)?.streamVersion;
      await markRecordLinked(manager, table, record.id, version);
    }
  }
}

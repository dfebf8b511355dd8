import type { SupportingRecordReceivedV1 } from '@credit/contracts';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';

/** Read model of supporting records; runs inside the append transaction (a duplicate natural key rolls the append back). */
export async function projectSupportingRecordEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    if (stored.type !== 'credit-sharing.supporting-record-received') continue;
    const r = stored.data as SupportingRecordReceivedV1;
    await manager.query(
      `INSERT INTO supporting_records (id, subject_key, subject_kind, masked_code, subject_name, category, status, source_reference, period,
                                       tax_grade, amount, description, recorded_on, valid_until, source_unit_name, source_unit_code, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        r.recordId,
        stored.subjectKey,
        r.subject.kind,
        r.subject.maskedCode,
        r.subjectName,
        r.category,
        r.status,
        r.sourceReference,
        r.period ?? null,
        r.taxGrade ?? null,
        r.amount ?? null,
        r.description,
        r.recordedOn,
        r.validUntil ?? null,
        r.sourceUnit.name,
        r.sourceUnit.code,
        stored.recordedAt,
      ],
    );
  }
}

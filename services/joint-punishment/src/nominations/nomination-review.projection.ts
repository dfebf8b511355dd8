import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { NominationEvent } from './nomination.decider';

/** Nominations and their review, written in the append transaction. */
export async function projectNominationEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as NominationEvent;
    if (event.type === 'joint-punishment.nomination-submitted') {
      const n = event.data;
      await manager.query(
        `INSERT INTO nominations (id, subject_key, subject_code, masked_code, list, category, record_ids, documents, deciding_unit_code, deciding_unit_name,
                                  decided_on, valid_until, proposal_id, status, submitted_by, submitted_at, stream_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, 'PENDING_REVIEW', $14, $15, $16)`,
        [
          n.nominationId,
          stored.subjectKey,
          n.subjectCode,
          n.maskedCode,
          n.list,
          n.category,
          n.basis.recordIds,
          JSON.stringify(n.basis.documents),
          n.decidingUnit.code,
          n.decidingUnit.name,
          n.decidedOn,
          n.validUntil ?? null,
          n.proposalId ?? null,
          n.submittedBy.user,
          stored.recordedAt,
          stored.streamVersion,
        ],
      );
      if (n.proposalId !== undefined) {
        await manager.query(`UPDATE nomination_proposals SET status = 'NOMINATED', nomination_id = $2, updated_at = $3 WHERE id = $1`, [
          n.proposalId,
          n.nominationId,
          stored.recordedAt,
        ]);
      }
    } else if (event.type === 'joint-punishment.nomination-reviewed') {
      const r = event.data;
      await manager.query(
        `UPDATE nominations SET status = $2, review_note = $3, list_entry_id = $4, reviewed_by_department = $5, reviewed_by = $6, reviewed_at = $7, stream_version = $8
         WHERE id = $1`,
        [r.nominationId, r.approved ? 'APPROVED' : 'REJECTED', r.note, r.listEntryId ?? null, stored.actor.departmentCode, stored.actor.user ?? null, stored.recordedAt, stored.streamVersion],
      );
      // A rejected nomination hands its proposal back: OPEN again for a reviewer to take up (or leave).
      if (!r.approved) {
        await manager.query(`UPDATE nomination_proposals SET status = 'OPEN', nomination_id = NULL, updated_at = $2 WHERE nomination_id = $1`, [
          r.nominationId,
          stored.recordedAt,
        ]);
      }
    }
  }
}

import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { CommitmentEvent } from './commitment.decider';

/** Read model of commitments; runs inside the append transaction, so it never disagrees with the store. */
export async function projectCommitmentEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CommitmentEvent;
    switch (event.type) {
      case 'commitments.commitment-signed': {
        // v1 and v2 alike: a v1 signature names no listed matter, and its v2 fields are absent.
        const c = event.data;
        await manager.query(
          `INSERT INTO commitments (id, subject_key, subject_kind, subject_code, masked_code, type, matter, text, signed_on,
                                    valid_until, public, accepting_unit_name, accepting_unit_code, signed_at, stream_version,
                                    matter_department_code, matter_code, matter_version, verification_working_days, verification_due_on,
                                    verification_provisional, evidence_required, consequence_on_breach)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
          [
            c.commitmentId,
            stored.subjectKey,
            c.subject.kind,
            c.subject.code,
            c.subject.maskedCode,
            c.type,
            c.matter,
            c.text,
            c.signedOn,
            c.validUntil ?? null,
            c.public,
            c.acceptingUnit.name,
            c.acceptingUnit.code,
            stored.recordedAt,
            stored.streamVersion,
            c.matterRef?.departmentCode ?? null,
            c.matterRef?.code ?? null,
            c.matterRef?.version ?? null,
            c.verification?.workingDays ?? null,
            c.verification?.dueOn ?? null,
            c.verification?.provisional ?? null,
            c.verification ? JSON.stringify(c.verification.evidenceRequired) : null,
            c.consequenceOnBreach ?? null,
          ],
        );
        break;
      }
      // Who decided is the event's actor (the accepting unit's department and user), when is decidedOn and the recording time.
      case 'commitments.commitment-fulfilment-recorded':
        await manager.query(
          `UPDATE commitments SET outcome = $2, outcome_note = $3, decided_on = $4, stream_version = $5,
                  decided_by_unit = $6, decided_by_user = $7, decided_at = $8, outcome_evidence = $9 WHERE id = $1`,
          [
            event.data.commitmentId,
            event.data.outcome,
            event.data.note,
            event.data.decidedOn,
            stored.streamVersion,
            stored.actor.departmentCode,
            stored.actor.user ?? null,
            stored.recordedAt,
            event.data.evidence ? JSON.stringify(event.data.evidence) : null,
          ],
        );
        break;
      // The work queue, the overdue gauge and the statistics read verification_due_on: they follow the recomputed day.
      case 'commitments.verification-due-date-recomputed':
        await manager.query(`UPDATE commitments SET verification_due_on = $2, verification_provisional = $3, stream_version = $4 WHERE id = $1`, [
          event.data.commitmentId,
          event.data.dueOn,
          event.data.calendar.some((basis) => basis.provisional),
          stored.streamVersion,
        ]);
        break;
      case 'commitments.commitment-closed':
        await manager.query(
          `UPDATE commitments SET closed_status = $2, closure_reason = $3, decided_on = $4, stream_version = $5,
                  decided_by_unit = $6, decided_by_user = $7, decided_at = $8 WHERE id = $1`,
          [event.data.commitmentId, event.data.status, event.data.reason, event.data.decidedOn, stored.streamVersion, stored.actor.departmentCode, stored.actor.user ?? null, stored.recordedAt],
        );
        break;
    }
  }
}

import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { CommitmentEvent } from './commitment.decider';

/** Read model of commitments; runs inside the append transaction, so it never disagrees with the store. */
export async function projectCommitmentEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CommitmentEvent;
    switch (event.type) {
      case 'commitments.commitment-signed': {
        const c = event.data;
        await manager.query(
          `INSERT INTO commitments (id, subject_key, subject_kind, subject_code, masked_code, type, matter, text, signed_on,
                                    valid_until, public, accepting_unit_name, accepting_unit_code, signed_at, stream_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
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
          ],
        );
        break;
      }
      case 'commitments.commitment-fulfilment-recorded':
        await manager.query(
          `UPDATE commitments SET outcome = $2, outcome_note = $3, decided_on = $4, stream_version = $5 WHERE id = $1`,
          [event.data.commitmentId, event.data.outcome, event.data.note, event.data.decidedOn, stored.streamVersion],
        );
        break;
    }
  }
}

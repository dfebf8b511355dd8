import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { CommitmentMatterEvent } from './commitment-matter.decider';

/** Every version of every listed matter is kept: a commitment is judged by the version it was signed under. */
export async function projectCommitmentMatterEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as CommitmentMatterEvent;
    if (event.type !== 'commitments.matter-registered') continue;
    const m = event.data;
    await manager.query(
      `INSERT INTO commitment_matters (department_code, code, matter_version, department_name, name, type, legal_basis, template,
                                       verification_working_days, evidence_required, consequence_on_breach, public, registered_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        m.departmentCode,
        m.code,
        m.matterVersion,
        m.departmentName,
        m.name,
        m.type,
        m.legalBasis,
        m.template,
        m.verification.workingDays,
        JSON.stringify(m.verification.evidenceRequired),
        m.consequenceOnBreach,
        m.public,
        stored.recordedAt,
        stored.id,
      ],
    );
  }
}

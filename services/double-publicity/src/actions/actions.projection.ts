import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { AdministrativeActionEvent } from './action.decider';

/**
 * Read model of administrative action records, in the append transaction; the unique (action type,
 * authority code, decision number) makes a second record of the same decision abort the whole append.
 */
export async function projectAdministrativeActionEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as AdministrativeActionEvent;
    if (event.type !== 'double-publicity.administrative-action-recorded') continue;
    const r = event.data;
    await manager.query(
      `INSERT INTO administrative_actions (id, subject_key, action_type, decision_number, authority_code, source_unit_code, decided_on, timely,
                                           record, recorded_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.actionId,
        stored.subjectKey,
        r.actionType,
        r.decisionNumber,
        r.authority.code,
        r.sourceUnit.code,
        r.decidedOn,
        r.timely,
        JSON.stringify(r),
        stored.recordedAt,
        stored.streamVersion,
      ],
    );
  }
}

import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { PenaltyEvent } from './penalty.decider';

/**
 * Read model of penalty records. Runs inside the append transaction, so the table never disagrees
 * with the event store; the unique (authority code, decision number) makes a second record of the
 * same decision abort the whole append.
 */
export async function projectPenaltyEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as PenaltyEvent;
    switch (event.type) {
      case 'double-publicity.penalty-published':
      case 'double-publicity.penalty-recorded-unpublished': {
        const record = event.data;
        const publicity = record.publicity;
        await manager.query(
          `INSERT INTO penalties (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, severity,
                                  timely, publicity_status, publicity_regime, publicity_from, minimum_until, maximum_until,
                                  not_published_reason, record, recorded_at, stream_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            record.penaltyId,
            stored.subjectKey,
            record.decisionNumber,
            record.authority.code,
            record.sourceUnit.code,
            record.decidedOn,
            record.severity,
            record.timely,
            publicity.status,
            publicity.regime,
            publicity.status === 'PUBLISHED' ? publicity.from : null,
            publicity.status === 'PUBLISHED' ? publicity.minimumUntil : null,
            publicity.status === 'PUBLISHED' ? publicity.maximumUntil : null,
            publicity.status === 'NOT_PUBLISHED' ? publicity.reason : null,
            JSON.stringify(record),
            stored.recordedAt,
            stored.streamVersion,
          ],
        );
        break;
      }
      case 'double-publicity.penalty-publicity-withdrawn':
        await manager.query(
          `UPDATE penalties SET publicity_status = 'WITHDRAWN', withdrawal = $2, stream_version = $3 WHERE id = $1`,
          [event.data.penaltyId, JSON.stringify({ ...event.data, at: stored.recordedAt, correlationId: stored.correlationId }), stored.streamVersion],
        );
        break;
      case 'double-publicity.penalty-repair-eligible':
        await manager.query(`UPDATE penalties SET repair_eligible_on = $2, stream_version = $3 WHERE id = $1`, [
          event.data.penaltyId,
          event.data.remindedOn,
          stored.streamVersion,
        ]);
        break;
    }
  }
}

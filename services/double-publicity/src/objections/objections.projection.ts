import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { ObjectionEvent } from './objection.decider';

/** Read model of objections, in the append transaction. */
export async function projectObjectionEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as ObjectionEvent;
    switch (event.type) {
      case 'double-publicity.objection-filed': {
        const o = event.data;
        await manager.query(
          `INSERT INTO objections (id, record_id, subject_key, masked_code, reason, contact, filed_on, due_by, status, filed_at, source_unit_code, record_type,
                                  due_by_calendar, due_by_provisional)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9, r.source_unit_code, $10, $11, $12
             FROM (SELECT id, source_unit_code FROM penalties UNION ALL SELECT id, source_unit_code FROM licenses) r WHERE r.id = $2`,
          [
            o.objectionId,
            o.recordId,
            stored.subjectKey,
            o.maskedCode,
            o.reason,
            o.contact,
            o.filedOn,
            o.dueBy,
            stored.recordedAt,
            o.recordType,
            o.calendar ? JSON.stringify(o.calendar) : null,
            o.calendar?.some((basis) => basis.provisional) ?? false,
          ],
        );
        break;
      }
      case 'double-publicity.objection-resolved': {
        const r = event.data;
        await manager.query(
          `UPDATE objections SET status = 'RESOLVED', outcome = $2, note = $3, resolved_on = $4, resolved_at = $5, late = $6, correction_event_id = $7
            WHERE id = $1`,
          [r.objectionId, r.outcome, r.note, r.resolvedOn, stored.recordedAt, r.late, r.correctionEventId ?? null],
        );
        break;
      }
      case 'double-publicity.objection-due-date-recomputed': {
        const r = event.data;
        await manager.query(`UPDATE objections SET due_by = $2, due_by_calendar = $3, due_by_provisional = $4 WHERE id = $1`, [
          r.objectionId,
          r.dueBy,
          JSON.stringify(r.calendar),
          r.calendar.some((basis) => basis.provisional),
        ]);
        break;
      }
      case 'double-publicity.objection-overdue':
        await manager.query(`UPDATE objections SET overdue_on = $2 WHERE id = $1`, [event.data.objectionId, event.data.detectedOn]);
        break;
    }
  }
}

import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { PenaltyEvent, PenaltyRecord } from './penalty.decider';

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
      case 'double-publicity.penalty-recorded-unpublished':
        await insertRecordedPenalties(manager, [stored]);
        break;
      case 'double-publicity.penalty-publicity-withdrawn':
        await manager.query(
          `UPDATE penalties SET publicity_status = 'WITHDRAWN', withdrawal = $2, stream_version = $3 WHERE id = $1`,
          [event.data.penaltyId, JSON.stringify({ ...event.data, at: stored.recordedAt, correlationId: stored.correlationId }), stored.streamVersion],
        );
        break;
      case 'double-publicity.penalty-corrected': {
        const record = event.data.record;
        const publicity = record.publicity;
        await manager.query(
          `UPDATE penalties SET record = $2, decided_on = $3, severity = $4, timely = $5, publicity_status = $6, publicity_regime = $7,
                  publicity_from = $8, minimum_until = $9, maximum_until = $10, not_published_reason = $11, stream_version = $12
            WHERE id = $1`,
          [
            record.penaltyId,
            JSON.stringify(record),
            record.decidedOn,
            record.severity,
            record.timely,
            publicity.status,
            publicity.regime,
            publicity.status === 'PUBLISHED' ? publicity.from : null,
            publicity.status === 'PUBLISHED' ? publicity.minimumUntil : null,
            publicity.status === 'PUBLISHED' ? publicity.maximumUntil : null,
            publicity.status === 'NOT_PUBLISHED' ? publicity.reason : null,
            stored.streamVersion,
          ],
        );
        break;
      }
      case 'double-publicity.penalty-repair-eligible':
        await manager.query(`UPDATE penalties SET repair_eligible_on = $2, stream_version = $3 WHERE id = $1`, [
          event.data.penaltyId,
          event.data.remindedOn,
          stored.streamVersion,
        ]);
        break;
      // The record's publicity is unchanged; only its version moves.
      case 'double-publicity.penalty-repair-noted':
        await manager.query(`UPDATE penalties SET stream_version = $2 WHERE id = $1`, [event.data.penaltyId, stored.streamVersion]);
        break;
    }
  }
}

/**
 * The rows of new penalty records (`penalty-published` / `penalty-recorded-unpublished` events), in
 * one statement however many: a duplicate (authority code, decision number) fails the statement.
 * The events are already in the store (this transaction appended them), so the `record` column is
 * taken from the stored event's `data` by position rather than sent again: a batch of 1000 records
 * would otherwise send, and have PostgreSQL parse, every record's JSON a second time.
 */
export async function insertRecordedPenalties(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((stored) => {
    const record = stored.data as PenaltyRecord;
    const publicity = record.publicity;
    return {
      global_position: stored.globalPosition,
      id: record.penaltyId,
      decision_number: record.decisionNumber,
      authority_code: record.authority.code,
      source_unit_code: record.sourceUnit.code,
      decided_on: record.decidedOn,
      severity: record.severity,
      timely: record.timely,
      publicity_status: publicity.status,
      publicity_regime: publicity.regime,
      publicity_from: publicity.status === 'PUBLISHED' ? publicity.from : null,
      minimum_until: publicity.status === 'PUBLISHED' ? publicity.minimumUntil : null,
      maximum_until: publicity.status === 'PUBLISHED' ? publicity.maximumUntil : null,
      not_published_reason: publicity.status === 'NOT_PUBLISHED' ? publicity.reason : null,
    };
  });
  const inserted: { n: number }[] = await manager.query(
    `WITH inserted AS (
       INSERT INTO penalties (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, severity,
                              timely, publicity_status, publicity_regime, publicity_from, minimum_until, maximum_until,
                              not_published_reason, record, recorded_at, stream_version)
       SELECT r.id, e.subject_key, r.decision_number, r.authority_code, r.source_unit_code, r.decided_on, r.severity,
              r.timely, r.publicity_status, r.publicity_regime, r.publicity_from, r.minimum_until, r.maximum_until,
              r.not_published_reason, e.data, e.recorded_at, e.stream_version
         FROM jsonb_to_recordset($1::jsonb) AS r (global_position bigint, id uuid, decision_number text, authority_code text,
              source_unit_code text, decided_on date, severity text, timely boolean, publicity_status text, publicity_regime text,
              publicity_from date, minimum_until date, maximum_until date, not_published_reason text)
         JOIN events e ON e.global_position = r.global_position
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [JSON.stringify(rows)],
  );
  // Every event given was appended in this transaction; a missing one would be a silent hole.
  if (inserted[0]?.n !== events.length) {
    throw new Error(`insertRecordedPenalties: ${inserted[0]?.n ?? 0} of ${events.length} stored events found to project`);
  }
}

import type { LicensePublishedV1 } from '@credit/contracts';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { LicenseEvent } from './license.decider';

/**
 * Read model of licence records, in the append transaction; the unique (authority code, decision
 * number) makes a second record of the same decision abort the whole append.
 */
export async function projectLicenseEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as LicenseEvent;
    if (event.type === 'double-publicity.license-corrected') {
      const c = event.data.record;
      await manager.query(`UPDATE licenses SET record = $2, decided_on = $3, timely = $4, stream_version = $5 WHERE id = $1`, [
        c.licenseId,
        JSON.stringify(c),
        c.decidedOn,
        c.timely,
        stored.streamVersion,
      ]);
      continue;
    }
    if (event.type !== 'double-publicity.license-published') continue;
    await insertRecordedLicenses(manager, [stored]);
  }
}

/**
 * The rows of new licence records (`license-published` events), in one statement however many: a
 * duplicate (authority code, decision number) fails the statement. As for penalties, the `record`
 * column is the stored event's `data`, taken by position in this transaction rather than sent again.
 */
export async function insertRecordedLicenses(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((stored) => {
    const r = stored.data as LicensePublishedV1;
    return {
      global_position: stored.globalPosition,
      id: r.licenseId,
      decision_number: r.decisionNumber,
      authority_code: r.authority.code,
      source_unit_code: r.sourceUnit.code,
      decided_on: r.decidedOn,
      timely: r.timely,
    };
  });
  const inserted: { n: number }[] = await manager.query(
    `WITH inserted AS (
       INSERT INTO licenses (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, timely, record, recorded_at, stream_version)
       SELECT r.id, e.subject_key, r.decision_number, r.authority_code, r.source_unit_code, r.decided_on, r.timely, e.data, e.recorded_at, e.stream_version
         FROM jsonb_to_recordset($1::jsonb) AS r (global_position bigint, id uuid, decision_number text, authority_code text,
              source_unit_code text, decided_on date, timely boolean)
         JOIN events e ON e.global_position = r.global_position
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [JSON.stringify(rows)],
  );
  // Every event given was appended in this transaction; a missing one would be a silent hole.
  if (inserted[0]?.n !== events.length) {
    throw new Error(`insertRecordedLicenses: ${inserted[0]?.n ?? 0} of ${events.length} stored events found to project`);
  }
}

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
 * duplicate (authority code, decision number) fails the statement.
 */
export async function insertRecordedLicenses(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((stored) => {
    const r = stored.data as LicensePublishedV1;
    return {
      id: r.licenseId,
      subject_key: stored.subjectKey,
      decision_number: r.decisionNumber,
      authority_code: r.authority.code,
      source_unit_code: r.sourceUnit.code,
      decided_on: r.decidedOn,
      timely: r.timely,
      record: r,
      recorded_at: stored.recordedAt,
      stream_version: stored.streamVersion,
    };
  });
  await manager.query(
    `INSERT INTO licenses (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, timely, record, recorded_at, stream_version)
     SELECT r.id, r.subject_key, r.decision_number, r.authority_code, r.source_unit_code, r.decided_on, r.timely, r.record, r.recorded_at, r.stream_version
       FROM jsonb_to_recordset($1::jsonb) AS r (id uuid, subject_key text, decision_number text, authority_code text, source_unit_code text,
            decided_on date, timely boolean, record jsonb, recorded_at timestamptz, stream_version int)`,
    [JSON.stringify(rows)],
  );
}

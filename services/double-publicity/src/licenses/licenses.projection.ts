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
    if (event.type !== 'double-publicity.license-published') continue;
    const r = event.data;
    await manager.query(
      `INSERT INTO licenses (id, subject_key, decision_number, authority_code, source_unit_code, decided_on, timely, record, recorded_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [r.licenseId, stored.subjectKey, r.decisionNumber, r.authority.code, r.sourceUnit.code, r.decidedOn, r.timely, JSON.stringify(r), stored.recordedAt, stored.streamVersion],
    );
  }
}

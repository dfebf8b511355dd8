import { USCC_PLACEHOLDER } from '@credit/domain-kernel';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import type { LegacyCode, SubjectEvent, SubjectRegisteredData } from './subject.decider';

export const FINDING_RECORDED = 'subject-registry.code-quality-finding-recorded';

/** The live projection, without the findings' rows: of a finding only the subject's version is kept (rebuild). */
export async function projectSubjectsWithoutFindings(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    if (stored.type === FINDING_RECORDED) {
      await manager.query(`UPDATE subjects SET stream_version = $2 WHERE subject_key = $1`, [stored.subjectKey, stored.streamVersion]);
    } else {
      await projectSubjectEvents(manager, [stored]);
    }
  }
}

/**
 * Read model of subjects and their legacy codes. Runs inside the append transaction, so the
 * table never disagrees with the event store; `(scheme, value)` being the primary key makes a
 * legacy code that already belongs to another subject abort the whole append.
 */
export async function projectSubjectEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as SubjectEvent;
    const subjectKey = stored.subjectKey as string;
    switch (event.type) {
      case 'subject-registry.subject-registered':
        await insertSubject(manager, subjectKey, event.data, stored);
        for (const legacy of event.data.legacyCodes) await insertLegacyCode(manager, subjectKey, legacy, stored.recordedAt);
        break;
      case 'subject-registry.legacy-code-added':
        await insertLegacyCode(manager, subjectKey, event.data, stored.recordedAt);
        await manager.query(`UPDATE subjects SET stream_version = $2 WHERE subject_key = $1`, [subjectKey, stored.streamVersion]);
        break;
      case 'subject-registry.code-quality-finding-recorded':
        await manager.query(
          `INSERT INTO code_quality_findings (finding, code, subject_key, field, detail, event_id, recorded_at)
           SELECT $1, masked_code, subject_key, $3, $4, $5, $6 FROM subjects WHERE subject_key = $2
           ON CONFLICT (event_id) DO NOTHING`,
          [event.data.finding, subjectKey, event.data.field, event.data.detail, stored.id, stored.recordedAt],
        );
        await manager.query(`UPDATE subjects SET stream_version = $2 WHERE subject_key = $1`, [subjectKey, stored.streamVersion]);
        break;
    }
  }
}

async function insertSubject(manager: EntityManager, subjectKey: string, data: SubjectRegisteredData, stored: StoredEvent) {
  await manager.query(
    `INSERT INTO subjects (subject_key, kind, code, masked_code, name, legal_representative, registered_on,
                           registration_authority, registered_at, stream_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      subjectKey,
      data.kind,
      // Many businesses share the placeholder: it names none of them, so the unique column stays empty.
      data.code === USCC_PLACEHOLDER ? null : data.code,
      data.maskedCode,
      data.name,
      data.legalRepresentative ?? null,
      data.registeredOn ?? null,
      data.registrationAuthority ?? null,
      stored.recordedAt,
      stored.streamVersion,
    ],
  );
}

async function insertLegacyCode(manager: EntityManager, subjectKey: string, legacy: LegacyCode, at: string) {
  await manager.query(
    `INSERT INTO subject_legacy_codes (scheme, value, subject_key, added_at) VALUES ($1, $2, $3, $4)`,
    [legacy.scheme, legacy.value, subjectKey, at],
  );
}

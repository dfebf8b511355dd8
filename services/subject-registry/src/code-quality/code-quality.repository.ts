/** The code-quality figures' SQL: the counts of the report, and the subjects other services' records name. */
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface CodeQualityCounts {
  subjects: number;
  duplicates: number;
  invalid: number;
  unregistered: number;
}

/** Subjects registered, distinct duplicate and invalid codes, and record subjects never registered. */
export async function readCodeQualityCounts(db: Db): Promise<CodeQualityCounts> {
  const [row] = await db.query(`
      SELECT (SELECT count(*) FROM subjects)::int AS subjects,
             (SELECT count(DISTINCT code) FROM code_quality_findings WHERE finding = 'DUPLICATE_CODE')::int AS duplicates,
             (SELECT count(DISTINCT code) FROM code_quality_findings WHERE finding = 'INVALID_CODE')::int AS invalid,
             (SELECT count(*) FROM record_subject_codes r WHERE NOT EXISTS (SELECT 1 FROM subjects s WHERE s.subject_key = r.subject_key))::int AS unregistered`);
  return row;
}

/** Remembers a subject a penalty or licence record names (the first time it is seen; later ones change nothing). */
export async function rememberRecordSubject(manager: EntityManager, subjectKey: string, maskedCode: string, firstSeenAt: string, eventId: string): Promise<void> {
  await manager.query(
    `INSERT INTO record_subject_codes (subject_key, masked_code, first_seen_at, event_id) VALUES ($1, $2, $3, $4) ON CONFLICT (subject_key) DO NOTHING`,
    [subjectKey, maskedCode, firstSeenAt, eventId],
  );
}

/** The subjects known from subject-registry (`known_subjects`) and the records' links to them. */
import type { ObjectionRecordType } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/** Marks a subject key known from the registry event `cause` (a second time changes nothing). */
export async function markSubjectKnown(manager: EntityManager, key: string, recordedAt: string, eventId: string): Promise<void> {
  await manager.query(`INSERT INTO known_subjects (subject_key, registered_at, event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    key,
    recordedAt,
    eventId,
  ]);
}

/** The penalty and licence records under `key` not linked to their subject yet, by id. */
export function unlinkedRecordsOf(manager: EntityManager, key: string): Promise<{ id: string; record_type: ObjectionRecordType }[]> {
  return manager.query(
    `SELECT id, 'PENALTY' AS record_type FROM penalties WHERE subject_key = $1 AND NOT subject_linked
       UNION ALL SELECT id, 'LICENSE' FROM licenses WHERE subject_key = $1 AND NOT subject_linked
       ORDER BY id`,
    [key],
  );
}

/** Marks a record linked, with the stream version of its link event when one was appended. */
export async function markRecordLinked(manager: EntityManager, table: 'penalties' | 'licenses', id: string, version: number | undefined): Promise<void> {
  await manager.query(
    `UPDATE ${table} SET subject_linked = true${version !== undefined ? ', stream_version = $2' : ''} WHERE id = $1`,
    version !== undefined ? [id, version] : [id],
  );
}

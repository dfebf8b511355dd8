/** The measure executions' SQL outside their projection: the entry and measure application a report is about, and the report acknowledging a lift. */
import type { EntityManager } from 'typeorm';

/** The subject key of a list entry (undefined when there is no such entry). */
export async function findEntrySubjectKey(manager: EntityManager, listEntryId: string): Promise<{ subject_key: string } | undefined> {
  const [entry]: { subject_key: string }[] = await manager.query(`SELECT subject_key FROM list_entries WHERE id = $1`, [listEntryId]);
  return entry;
}

/** The lift correlation of a measure application (undefined when there is no such application). */
export async function findLiftCorrelation(
  manager: EntityManager,
  listEntryId: string,
  measureCode: string,
  unitCode: string,
): Promise<{ lift_correlation_id: string | null } | undefined> {
  const [lift]: { lift_correlation_id: string | null }[] = await manager.query(
    `SELECT lift_correlation_id FROM measure_applications WHERE list_entry_id = $1 AND measure_code = $2 AND unit_code = $3`,
    [listEntryId, measureCode, unitCode],
  );
  return lift;
}

/** The LIFTED report that acknowledged a lift first (undefined when none did). */
export async function findLiftAcknowledgement(
  manager: EntityManager,
  listEntryId: string,
  measureCode: string,
  unitCode: string,
): Promise<{ id: string; note: string | null; reported_at: Date; lift_correlation_id: string | null } | undefined> {
  const [row]: { id: string; note: string | null; reported_at: Date; lift_correlation_id: string | null }[] = await manager.query(
    `SELECT x.id, x.note, x.reported_at, a.lift_correlation_id
       FROM measure_executions x JOIN measure_applications a USING (list_entry_id, measure_code, unit_code)
       WHERE x.list_entry_id = $1 AND x.measure_code = $2 AND x.unit_code = $3 AND x.outcome = 'LIFTED'
       ORDER BY x.reported_at, x.id LIMIT 1`,
    [listEntryId, measureCode, unitCode],
  );
  return row;
}

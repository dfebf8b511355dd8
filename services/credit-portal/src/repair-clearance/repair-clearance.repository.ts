/** The repair clearances' SQL (repair_clearances): what the website must clear for each approved repair. */
import type { EntityManager } from 'typeorm';

export interface ClearanceRow {
  application_id: string;
  subject_key: string;
  target_type: 'PENALTY' | 'LIST_ENTRY';
  target_id: string;
  publicity_cleared: boolean;
  lists_cleared: boolean;
  acknowledged_at: Date | null;
}

/** Opens the clearance of an approved repair (a second time changes nothing). */
export async function openClearance(
  manager: EntityManager,
  clearance: { applicationId: string; subjectKey: string | null; targetType: string; targetId: string; publicityCleared: boolean },
): Promise<void> {
  await manager.query(
    `INSERT INTO repair_clearances (application_id, subject_key, target_type, target_id, publicity_cleared)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING`,
    [clearance.applicationId, clearance.subjectKey, clearance.targetType, clearance.targetId, clearance.publicityCleared],
  );
}

/** Marks one step of a clearance done; the clearance as it is now (undefined when there is none). */
export async function markClearanceStep(manager: EntityManager, applicationId: string, column: 'publicity_cleared' | 'lists_cleared'): Promise<ClearanceRow | undefined> {
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
  const [rows]: [ClearanceRow[], number] = await manager.query(
    `UPDATE repair_clearances SET ${column} = true WHERE application_id = $1 RETURNING *`,
    [applicationId],
  );
  const [row] = rows;
  return row;
}

/** Marks a clearance acknowledged. */
export async function markClearanceAcknowledged(manager: EntityManager, applicationId: string): Promise<void> {
  await manager.query(`UPDATE repair_clearances SET acknowledged_at = now() WHERE application_id = $1`, [applicationId]);
}

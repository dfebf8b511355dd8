/** The reconciliation_runs table: every run, by request or daily. All of its SQL is here. */
import type { DataSource, EntityManager } from 'typeorm';
import type { ReconciliationFinding } from './reconciliation';

export type RunTrigger = 'request' | 'daily';

export interface ReconciliationRunRow {
  id: string;
  trigger: RunTrigger;
  from_at: Date;
  to_at: Date;
  target: string | null;
  redeliver: boolean;
  checked: number;
  missing: ReconciliationFinding[];
  failed: ReconciliationFinding[];
  redelivered: number;
  requested_by: string;
  created_at: Date;
}

export type NewReconciliationRun = Omit<ReconciliationRunRow, 'created_at'>;

/**
 * Records a run; false when a daily run of the same period is recorded already (another instance
 * ran it first: the caller rolls its own run back).
 */
export async function insertRun(manager: EntityManager, run: NewReconciliationRun): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO reconciliation_runs (id, trigger, from_at, to_at, target, redeliver, checked, missing, failed, redelivered, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
     ON CONFLICT (from_at, to_at) WHERE trigger = 'daily' DO NOTHING
     RETURNING id`,
    [run.id, run.trigger, run.from_at, run.to_at, run.target, run.redeliver, run.checked, JSON.stringify(run.missing), JSON.stringify(run.failed), run.redelivered, run.requested_by],
  );
  return rows.length === 1;
}

/** Whether the daily run of this period is recorded. */
export async function dailyRunRecorded(db: DataSource | EntityManager, from: Date, to: Date): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM reconciliation_runs WHERE trigger = 'daily' AND from_at = $1 AND to_at = $2`, [from, to]);
  return rows.length > 0;
}

export async function findRun(db: DataSource | EntityManager, id: string): Promise<ReconciliationRunRow | undefined> {
  const [row]: ReconciliationRunRow[] = await db.query(`SELECT * FROM reconciliation_runs WHERE id = $1`, [id]);
  return row;
}

/**
 * The repair service's SQL outside its projections: reads of repair applications and their
 * effects, the overdue scan's claim and mark, and the pending/failed counts for the metrics.
 */
import type { RepairEffectName, RepairEffectService } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** A pending effect past its deadline, with its application's subject and deciding unit. */
export interface DueEffect {
  application_id: string;
  subject_key: string;
  deciding_unit_code: string;
  service: RepairEffectService;
  effect: RepairEffectName;
  deadline: Date;
}

/** A repair application's row, applied_on as YYYY-MM-DD (undefined when there is none). */
export async function findRepairApplication(db: Db, id: string): Promise<Record<string, any> | undefined> {
  const [row] = await db.query(`SELECT *, to_char(applied_on, 'YYYY-MM-DD') AS applied_on FROM repair_applications WHERE id = $1`, [id]);
  return row;
}

/** An application's effects, by deadline. */
export function listRepairEffects(db: Db, applicationId: string): Promise<Record<string, unknown>[]> {
  return db.query(
    `SELECT service, effect, status, at, error, deadline, overdue_alerted_at FROM repair_effects WHERE application_id = $1 ORDER BY deadline, effect`,
    [applicationId],
  );
}

/** Whether an application for the target is open (submitted or approved). */
export async function hasOpenApplicationFor(manager: EntityManager, target: { type: string; id: string }): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM repair_applications WHERE target_type = $1 AND target_id = $2 AND status IN ('SUBMITTED', 'APPROVED')`,
    [target.type, target.id],
  );
  return rows.length > 0;
}

/** The earliest overdue effect not alerted yet, locked for this transaction (skipping those others hold). */
export async function claimOverdueEffect(manager: EntityManager): Promise<DueEffect | undefined> {
  const [due]: DueEffect[] = await manager.query(
    `SELECT e.application_id, a.subject_key, a.deciding_unit_code, e.service, e.effect, e.deadline
         FROM repair_effects e JOIN repair_applications a ON a.id = e.application_id
         WHERE e.status = 'PENDING' AND e.overdue_alerted_at IS NULL AND e.deadline < now()
         ORDER BY e.deadline LIMIT 1
         FOR UPDATE OF e SKIP LOCKED`,
  );
  return due;
}

/** Marks an effect's overdue alert raised (keeping the first time it was). */
export async function markEffectAlerted(manager: EntityManager, applicationId: string, effect: string): Promise<void> {
  await manager.query(`UPDATE repair_effects SET overdue_alerted_at = COALESCE(overdue_alerted_at, now()) WHERE application_id = $1 AND effect = $2`, [
    applicationId,
    effect,
  ]);
}

/** How many effects are pending and failed, by service, effect and status. */
export function countOpenEffects(db: Db): Promise<{ service: string; effect: string; status: string; n: string }[]> {
  return db.query(`SELECT service, effect, status, count(*) AS n FROM repair_effects WHERE status IN ('PENDING', 'FAILED') GROUP BY service, effect, status`);
}

/** The subject and deciding unit of the repair application `id` (undefined when it is none). */
export async function findApplicationSubject(manager: EntityManager, id: string): Promise<{ subject_key: string; deciding_unit_code: string | null } | undefined> {
  const [application]: { subject_key: string; deciding_unit_code: string | null }[] = await manager.query(
    `SELECT subject_key, deciding_unit_code FROM repair_applications WHERE id = $1`,
    [id],
  );
  return application;
}

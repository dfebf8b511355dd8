import type { InspectionPlanDrawnV1, InspectionResultRecordedV1 } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface InspectionPlanFilter {
  /** USCC of the drawing department. */
  department?: string;
  /** YYYY-MM-DD, plan date on or after. */
  from?: string;
  /** YYYY-MM-DD, plan date on or before. */
  to?: string;
}

export interface StoredResult {
  subject_key: string;
  outcome: string;
  note: string;
  reported_on: string;
}

/** Keeps a drawn plan; a redelivery changes nothing. */
export async function insertPlan(manager: EntityManager, plan: InspectionPlanDrawnV1, planDate: string, publicFrom: string, recordedAt: string): Promise<void> {
  await manager.query(
    `INSERT INTO public_inspection_plans (plan_id, department_code, plan_date, public_from, plan, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id) DO NOTHING`,
    [plan.planId, plan.department.code, planDate, publicFrom, plan, recordedAt],
  );
}

/** Keeps a reported result (one per subject and plan, as grading-supervision decides); a redelivery changes nothing. */
export async function insertResult(manager: EntityManager, result: InspectionResultRecordedV1, recordedAt: string): Promise<void> {
  await manager.query(
    `INSERT INTO public_inspection_results (plan_id, subject_key, outcome, note, reported_on, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id, subject_key) DO NOTHING`,
    [result.planId, result.subjectKey, result.outcome, result.note, result.reportedOn, recordedAt],
  );
}

/** One page of the plans public on `today`, latest plan date first, with the total. */
export async function listPublicPlans(db: Db, today: string, filter: InspectionPlanFilter, limit: number, offset: number): Promise<{ total: number; rows: { plan: InspectionPlanDrawnV1 }[] }> {
  const params: unknown[] = [today];
  const where = ['public_from <= $1::date'];
  if (filter.department !== undefined) {
    params.push(filter.department);
    where.push(`department_code = $${params.length}`);
  }
  if (filter.from !== undefined) {
    params.push(filter.from);
    where.push(`plan_date >= $${params.length}::date`);
  }
  if (filter.to !== undefined) {
    params.push(filter.to);
    where.push(`plan_date <= $${params.length}::date`);
  }
  const from = `FROM public_inspection_plans WHERE ${where.join(' AND ')}`;
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${from}`, params);
  const n = params.length;
  const rows: { plan: InspectionPlanDrawnV1 }[] = await db.query(`SELECT plan ${from} ORDER BY plan_date DESC, plan_id LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]);
  return { total, rows };
}

/** A plan public on `today`, or undefined (unknown, or not public yet: the same answer). */
export async function findPublicPlan(db: Db, planId: string, today: string): Promise<InspectionPlanDrawnV1 | undefined> {
  const rows: { plan: InspectionPlanDrawnV1 }[] = await db.query(`SELECT plan FROM public_inspection_plans WHERE plan_id = $1 AND public_from <= $2::date`, [planId, today]);
  return rows[0]?.plan;
}

export function resultsOf(db: Db, planId: string): Promise<StoredResult[]> {
  return db.query(`SELECT subject_key, outcome, note, to_char(reported_on, 'YYYY-MM-DD') AS reported_on FROM public_inspection_results WHERE plan_id = $1`, [planId]);
}

/** The website's names of the drawn subjects (a subject never registered has none). */
export function subjectNamesOf(db: Db, subjectKeys: string[]): Promise<{ subject_key: string; kind: string | null; masked_code: string | null; name: string | null }[]> {
  return db.query(`SELECT subject_key, kind, masked_code, name FROM subject_views WHERE subject_key = ANY($1)`, [subjectKeys]);
}

/** When the plans or results last changed: the base of `Last-Modified`. */
export async function latestInspectionChange(db: Db, planId?: string): Promise<Date | null> {
  const filter = planId === undefined ? '' : ' WHERE plan_id = $1';
  const params = planId === undefined ? [] : [planId];
  const [row]: { at: Date | null }[] = await db.query(
    `SELECT greatest((SELECT max(recorded_at) FROM public_inspection_plans${filter}), (SELECT max(recorded_at) FROM public_inspection_results${filter})) AS at`,
    params,
  );
  return row?.at ?? null;
}

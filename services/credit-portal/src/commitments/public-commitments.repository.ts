/** The paged public commitment list (信用承诺公示) and its figures, read. */
import type { DataSource, EntityManager } from 'typeorm';
import { COMMITMENT_SHOWN_SQL } from '../public/subject-view.projection';

type Db = DataSource | EntityManager;

export interface CommitmentFilter {
  /** USCC of the accepting unit. */
  department?: string;
  type?: string;
  /** A finding (FULFILLED, BREACHED, FALSE) or PENDING (none yet). */
  fulfilment?: string;
}

/** One page of the commitments the website shows on `today`, latest signature first, with the total. */
export async function listPublicCommitments<E>(db: Db, today: string, filter: CommitmentFilter, limit: number, offset: number): Promise<{ total: number; rows: { entry: E }[] }> {
  const { where, params } = commitmentWhere(today, filter);
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total FROM public_commitments WHERE ${where}`, params);
  const n = params.length;
  const rows: { entry: E }[] = await db.query(
    `SELECT entry FROM public_commitments WHERE ${where} ORDER BY signed_on DESC, commitment_id LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/** Counts of the commitments the website shows on `today` per accepting unit and finding (null: none yet). */
export function countPublicCommitments(db: Db, today: string, filter: CommitmentFilter): Promise<{ unit_code: string; unit_name: string; fulfilment: string | null; n: number }[]> {
  const { where, params } = commitmentWhere(today, filter);
  return db.query(
    `SELECT accepting_unit_code AS unit_code, min(entry->'acceptingUnit'->>'name') AS unit_name, fulfilment, count(*)::int AS n
       FROM public_commitments WHERE ${where} GROUP BY accepting_unit_code, fulfilment ORDER BY accepting_unit_code`,
    params,
  );
}

function commitmentWhere(today: string, filter: CommitmentFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [today];
  const where = [COMMITMENT_SHOWN_SQL];
  if (filter.department !== undefined) {
    params.push(filter.department);
    where.push(`accepting_unit_code = $${params.length}`);
  }
  if (filter.type !== undefined) {
    params.push(filter.type);
    where.push(`type = $${params.length}`);
  }
  if (filter.fulfilment === 'PENDING') where.push('fulfilment IS NULL');
  else if (filter.fulfilment !== undefined) {
    params.push(filter.fulfilment);
    where.push(`fulfilment = $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

/**
 * The SQL the commitments service reads its read model (the commitments table) with. Plain
 * functions over a DataSource or a transaction's EntityManager.
 */
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const COLUMNS = `*, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                 to_char(decided_on, 'YYYY-MM-DD') AS decided_on, to_char(verification_due_on, 'YYYY-MM-DD') AS verification_due_on`;

/** A commitment's lifecycle status in SQL (the same mapping as the decider's statusOfOutcome, and EXPIRED past its term). */
const LIFECYCLE_STATUS = `CASE WHEN outcome = 'FULFILLED' THEN 'VERIFIED_FULFILLED' WHEN outcome IS NOT NULL THEN outcome
                              WHEN closed_status IS NOT NULL THEN closed_status
                              WHEN valid_until < $2::date THEN 'EXPIRED' ELSE 'IN_FORCE' END`;

/** What a subject's commitments list shows: its public ones, and the ones of the caller's unit (null scope: all). */
const visible = `subject_key = $1 AND (public OR $2::text IS NULL OR upper(accepting_unit_code) = $2 OR upper(subject_code) = $2)`;

/** The subject key of a commitment (undefined when there is none). */
export async function findCommitmentSubjectKey(db: Db, id: string): Promise<{ subject_key: string } | undefined> {
  const [row] = await db.query(`SELECT subject_key FROM commitments WHERE id = $1`, [id]);
  return row;
}

/** A commitment's row, its dates as YYYY-MM-DD (undefined when there is none). */
export async function findCommitment(db: Db, id: string): Promise<Record<string, any> | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM commitments WHERE id = $1`, [id]);
  return row;
}

/** One page of a subject's commitments visible in `scope`, newest first, each row with the `total` count. */
export async function listSubjectCommitments(db: Db, subjectKey: string, scope: string | null, limit: number, offset: number): Promise<Record<string, any>[]> {
  return db.query(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM commitments WHERE ${visible}
        ORDER BY commitments.signed_on DESC, commitments.signed_at DESC LIMIT $3 OFFSET $4`,
    [subjectKey, scope, limit, offset],
  );
}

/** How many of a subject's commitments are visible in `scope`. */
export async function countSubjectCommitments(db: Db, subjectKey: string, scope: string | null): Promise<number> {
  const [count] = await db.query(`SELECT count(*)::int AS n FROM commitments WHERE ${visible}`, [subjectKey, scope]);
  return count.n;
}

export interface WorkQueueFilter {
  acceptingUnit: string;
  subjectKey?: string;
  /** A lifecycle status (VERIFIED_FULFILLED, BREACHED, FALSE, EXPIRED, WITHDRAWN, IN_FORCE). */
  status?: string;
  /** Only commitments in force whose verification day has passed. */
  overdue: boolean;
  /** YYYY-MM-DD, Asia/Shanghai. */
  today: string;
}

const workQueueWhere = `upper(accepting_unit_code) = $1 AND ($3::text IS NULL OR subject_key = $3)
   AND ($4::text IS NULL OR ${LIFECYCLE_STATUS} = $4)
   AND (NOT $5::boolean OR (outcome IS NULL AND closed_status IS NULL AND verification_due_on < $2::date
                            AND (valid_until IS NULL OR valid_until >= $2::date)))`;

/** One page of an accepting unit's commitments (its work queue), the verification due first, each row with the `total` count. */
export async function listWorkQueue(db: Db, filter: WorkQueueFilter, limit: number, offset: number): Promise<Record<string, any>[]> {
  return db.query(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM commitments WHERE ${workQueueWhere}
      ORDER BY commitments.verification_due_on ASC NULLS LAST, commitments.signed_on DESC, commitments.id LIMIT $6 OFFSET $7`,
    [filter.acceptingUnit, filter.today, filter.subjectKey ?? null, filter.status ?? null, filter.overdue, limit, offset],
  );
}

/** How many commitments the work queue filter matches. */
export async function countWorkQueue(db: Db, filter: WorkQueueFilter): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM commitments WHERE ${workQueueWhere}`, [
    filter.acceptingUnit,
    filter.today,
    filter.subjectKey ?? null,
    filter.status ?? null,
    filter.overdue,
  ]);
  return row.n;
}

/** Commitments in force whose verification day has passed, per accepting unit (the overdue-verification gauge). */
export async function countOverdueVerifications(db: Db, today: string): Promise<{ accepting_unit_code: string; n: number }[]> {
  return db.query(
    `SELECT accepting_unit_code, count(*)::int AS n FROM commitments
      WHERE outcome IS NULL AND closed_status IS NULL AND verification_due_on < $1::date AND (valid_until IS NULL OR valid_until >= $1::date)
      GROUP BY accepting_unit_code`,
    [today],
  );
}

/** One 容缺受理 commitment in force whose verification day is before `today`, locked for this transaction (none: undefined). */
export async function claimLapsedDeficiency(db: Db, today: string): Promise<{ id: string; subject_key: string; accepting_unit_code: string } | undefined> {
  const [row] = await db.query(
    `SELECT id, subject_key, accepting_unit_code FROM commitments
      WHERE type = 'DEFICIENCY_TOLERANCE' AND outcome IS NULL AND closed_status IS NULL AND verification_due_on < $1::date
      ORDER BY verification_due_on, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [today],
  );
  return row;
}

/**
 * Commitments in force whose verification day counted `year` provisionally: signed in or before
 * it, due in or after it, and due on a calendar with a provisional year (the decider checks which).
 */
export async function findProvisionalVerifications(db: Db, year: number): Promise<{ id: string; subject_key: string }[]> {
  return db.query(
    `SELECT id, subject_key FROM commitments
      WHERE outcome IS NULL AND closed_status IS NULL AND verification_provisional
        AND EXTRACT(YEAR FROM signed_on) <= $1 AND EXTRACT(YEAR FROM verification_due_on) >= $1
      ORDER BY id`,
    [year],
  );
}

export interface CommitmentFigures {
  matter_code: string | null;
  matter: string;
  signed: number;
  verified_on_time: number;
  verified_late: number;
  fulfilled: number;
  breached: number;
  overdue: number;
}

/**
 * A department's commitments signed from `from` to `to` (inclusive), per listed matter (null: signed
 * without one): signed, verified on time / late (a finding recorded, Shanghai date, by the verification
 * day), kept, breached or false, still in force past the verification day.
 */
export async function commitmentFiguresByMatter(db: Db, unitCode: string, from: string, to: string, today: string): Promise<CommitmentFigures[]> {
  const decidedOn = `(decided_at AT TIME ZONE 'Asia/Shanghai')::date`;
  return db.query(
    `SELECT matter_code, min(matter) AS matter, count(*)::int AS signed,
            count(*) FILTER (WHERE outcome IS NOT NULL AND (verification_due_on IS NULL OR decided_at IS NULL OR ${decidedOn} <= verification_due_on))::int AS verified_on_time,
            count(*) FILTER (WHERE outcome IS NOT NULL AND verification_due_on IS NOT NULL AND ${decidedOn} > verification_due_on)::int AS verified_late,
            count(*) FILTER (WHERE outcome = 'FULFILLED')::int AS fulfilled,
            count(*) FILTER (WHERE outcome IN ('BREACHED', 'FALSE'))::int AS breached,
            count(*) FILTER (WHERE outcome IS NULL AND closed_status IS NULL AND verification_due_on < $4::date
                               AND (valid_until IS NULL OR valid_until >= $4::date))::int AS overdue
       FROM commitments
      WHERE upper(accepting_unit_code) = $1 AND signed_on BETWEEN $2::date AND $3::date
      GROUP BY matter_code ORDER BY matter_code NULLS LAST`,
    [unitCode, from, to, today],
  );
}

/**
 * The SQL the commitments service reads its read model (the commitments table) with. Plain
 * functions over a DataSource or a transaction's EntityManager.
 */
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const COLUMNS = `*, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                 to_char(decided_on, 'YYYY-MM-DD') AS decided_on`;

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

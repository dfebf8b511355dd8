/** The SQL the list of commitment matters (承诺事项清单) is read with. */
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface CommitmentMatterRow {
  department_code: string;
  code: string;
  matter_version: number;
  department_name: string;
  name: string;
  type: string;
  legal_basis: string;
  template: string;
  verification_working_days: number;
  evidence_required: string[];
  consequence_on_breach: string;
  public: boolean;
  registered_at: Date;
}

/** The current version of a department's matter (undefined when the matter is not on its list). */
export async function currentCommitmentMatter(db: Db, departmentCode: string, code: string): Promise<CommitmentMatterRow | undefined> {
  const [row] = await db.query(
    `SELECT * FROM commitment_matters WHERE department_code = $1 AND code = $2 ORDER BY matter_version DESC LIMIT 1`,
    [departmentCode, code],
  );
  return row;
}

/** Every version of a matter, oldest first. */
export async function versionsOfCommitmentMatter(db: Db, departmentCode: string, code: string): Promise<CommitmentMatterRow[]> {
  return db.query(`SELECT * FROM commitment_matters WHERE department_code = $1 AND code = $2 ORDER BY matter_version`, [departmentCode, code]);
}

/** One page of the current versions (of one department, or of all), by department and code, each row with the `total` count. */
export async function pageOfCurrentCommitmentMatters(db: Db, departmentCode: string | undefined, limit: number, offset: number): Promise<(CommitmentMatterRow & { total: string })[]> {
  return db.query(
    `SELECT *, count(*) OVER () AS total FROM (
       SELECT DISTINCT ON (department_code, code) * FROM commitment_matters
        WHERE $1::text IS NULL OR department_code = $1
        ORDER BY department_code, code, matter_version DESC) current
      ORDER BY department_code, code LIMIT $2 OFFSET $3`,
    [departmentCode ?? null, limit, offset],
  );
}

/** How many matters (of one department, or of all) are on the list. */
export async function countCommitmentMatters(db: Db, departmentCode: string | undefined): Promise<number> {
  const [row] = await db.query(`SELECT count(DISTINCT (department_code, code))::int AS n FROM commitment_matters WHERE $1::text IS NULL OR department_code = $1`, [departmentCode ?? null]);
  return row.n;
}

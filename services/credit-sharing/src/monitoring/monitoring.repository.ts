import type { EntityManager } from 'typeorm';
import type { CollectionCounts } from './monitoring.rules';

type Db = Pick<EntityManager, 'query'>;

/** One row per 双公示 record the platform stored, counted in the month it was collected (Asia/Shanghai). */
export async function insertCollectedRecord(
  db: Db,
  r: {
    recordId: string;
    kind: string;
    departmentCode: string;
    authorityCode: string | null;
    matterCode: string | null;
    subjectKey: string | null;
    subjectKind: string | null;
    maskedCode: string | null;
    decidedOn: string;
    severity: string | null;
    collectedMonth: string;
    timely: boolean;
  },
): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO collected_records (record_id, kind, department_code, authority_code, matter_code, subject_key, subject_kind, masked_code, decided_on, severity, collected_month, timely)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
    [r.recordId, r.kind, r.departmentCode, r.authorityCode, r.matterCode, r.subjectKey, r.subjectKind, r.maskedCode, r.decidedOn, r.severity, r.collectedMonth, r.timely],
  );
  return rows.length > 0;
}

/** A correction after intake (by the source unit, or an upheld objection): the record was not accurate as first sent. */
export async function markCorrected(db: Db, recordId: string): Promise<void> {
  await db.query(`UPDATE collected_records SET corrected = true WHERE record_id = $1`, [recordId]);
}

export async function insertRefused(db: Db, eventId: string, departmentCode: string, kind: string, month: string, refused: number): Promise<void> {
  await db.query(`INSERT INTO refused_intake (event_id, department_code, kind, month, refused) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`, [eventId, departmentCode, kind, month, refused]);
}

export async function upsertCatalogMatter(db: Db, departmentCode: string, code: string, kind: string): Promise<void> {
  await db.query(
    `INSERT INTO monitored_catalog (department_code, code, kind) VALUES ($1, $2, $3) ON CONFLICT (department_code, code) DO UPDATE SET kind = EXCLUDED.kind`,
    [departmentCode, code, kind],
  );
}

/** The decision dates of a subject's penalties collected so far. */
export async function penaltyDatesOf(db: Db, subjectKey: string): Promise<string[]> {
  const rows: { d: string }[] = await db.query(`SELECT to_char(decided_on, 'YYYY-MM-DD') AS d FROM collected_records WHERE kind = 'PENALTY' AND subject_key = $1`, [subjectKey]);
  return rows.map((r) => r.d);
}

/** Every department's counts of a month: the departments that sent anything, or have a catalog. */
export async function collectionCountsOf(db: Db, month: string): Promise<CollectionCounts[]> {
  return db.query(
    `WITH depts AS (
       SELECT department_code FROM collected_records WHERE collected_month = $1
       UNION SELECT department_code FROM refused_intake WHERE month = $1
       UNION SELECT department_code FROM monitored_catalog WHERE kind IN ('PENALTY', 'LICENSE')
     )
     SELECT d.department_code AS "departmentCode",
            (SELECT count(*) FROM collected_records c WHERE c.department_code = d.department_code AND c.collected_month = $1)::int AS stored,
            (SELECT coalesce(sum(refused), 0) FROM refused_intake r WHERE r.department_code = d.department_code AND r.month = $1)::int AS refused,
            (SELECT count(*) FROM collected_records c WHERE c.department_code = d.department_code AND c.collected_month = $1 AND c.timely)::int AS timely,
            (SELECT count(*) FROM collected_records c WHERE c.department_code = d.department_code AND c.collected_month = $1 AND c.corrected)::int AS corrected,
            (SELECT count(*) FROM monitored_catalog m WHERE m.department_code = d.department_code AND m.kind IN ('PENALTY', 'LICENSE'))::int AS "catalogMatters",
            (SELECT count(*) FROM monitored_catalog m WHERE m.department_code = d.department_code AND m.kind IN ('PENALTY', 'LICENSE')
                AND EXISTS (SELECT 1 FROM collected_records c WHERE c.department_code = d.department_code AND c.collected_month = $1 AND c.matter_code = m.code))::int AS "mattersReported"
       FROM depts d ORDER BY d.department_code`,
    [month],
  );
}

/** Serious penalties per deciding authority (the industry) and collection month, for the months given. */
export async function seriousPenaltiesByAuthority(db: Db, months: readonly string[]): Promise<{ authority_code: string; month: string; n: number }[]> {
  return db.query(
    `SELECT authority_code, collected_month AS month, count(*)::int AS n FROM collected_records
      WHERE kind = 'PENALTY' AND severity = 'SERIOUS' AND authority_code IS NOT NULL AND collected_month = ANY($1::text[])
      GROUP BY authority_code, collected_month`,
    [months],
  );
}

export async function warningExists(db: Db, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM warnings WHERE id = $1`, [id])).length > 0;
}

export async function listWarnings(db: Db, filter: { unit: string | null; month?: string }, limit: number, offset: number) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.unit !== null) {
    params.push(filter.unit);
    where.push(`responsible_unit_code = $${params.length}`);
  }
  if (filter.month !== undefined) {
    params.push(filter.month);
    where.push(`left(period, 7) = $${params.length}`);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM warnings ${clause}`, params);
  const rows = await db.query(
    `SELECT id, rule, rule_version, responsible_unit_code, subject_kind, masked_code, period, detail, figures, to_char(raised_on, 'YYYY-MM-DD') AS raised_on, raised_at
       FROM warnings ${clause} ORDER BY raised_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total: total as number, rows };
}

export async function warningCountsOf(db: Db, month: string): Promise<Record<string, number>> {
  const rows: { rule: string; n: number }[] = await db.query(`SELECT rule, count(*)::int AS n FROM warnings WHERE left(period, 7) = $1 GROUP BY rule ORDER BY rule`, [month]);
  return Object.fromEntries(rows.map((r) => [r.rule, r.n]));
}

export async function findReport(db: Db, month: string): Promise<{ report: unknown; compiled_at: Date } | undefined> {
  const [row] = await db.query(`SELECT report, compiled_at FROM monitoring_reports WHERE month = $1`, [month]);
  return row;
}

import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface SupportingRecordRow {
  id: string;
  subject_key: string;
  subject_kind: string;
  masked_code: string;
  subject_name: string;
  category: string;
  status: string;
  source_reference: string;
  period: string | null;
  tax_grade: string | null;
  amount: string | null;
  description: string;
  recorded_on: string;
  valid_until: string | null;
  source_unit_name: string;
  source_unit_code: string;
  received_at: Date;
}

const COLUMNS = `id, subject_key, subject_kind, masked_code, subject_name, category, status, source_reference, period, tax_grade, amount::text AS amount,
  description, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, source_unit_name, source_unit_code, received_at`;

export async function findSupportingRecord(db: Db, id: string): Promise<SupportingRecordRow | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM supporting_records WHERE id = $1`, [id]);
  return row;
}

export async function findByNaturalKey(db: Db, unitCode: string, category: string, reference: string): Promise<SupportingRecordRow | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM supporting_records WHERE source_unit_code = $1 AND category = $2 AND source_reference = $3`, [unitCode, category, reference]);
  return row;
}

/** A subject's records, newest first; `sourceUnit` limits them to one department's, `categories` to those categories. */
export async function listSubjectRecords(
  db: Db,
  filter: { subjectKey: string; sourceUnit?: string | null; categories?: readonly string[] },
  limit = 10_000,
  offset = 0,
): Promise<{ total: number; rows: SupportingRecordRow[] }> {
  const params: unknown[] = [filter.subjectKey];
  let where = 'subject_key = $1';
  if (filter.sourceUnit) {
    params.push(filter.sourceUnit);
    where += ` AND source_unit_code = $${params.length}`;
  }
  if (filter.categories) {
    params.push(filter.categories);
    where += ` AND category = ANY($${params.length}::text[])`;
  }
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM supporting_records WHERE ${where}`, params);
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM supporting_records WHERE ${where} ORDER BY recorded_on DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

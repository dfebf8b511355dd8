/**
 * The credit check's SQL: the one statement that answers and records a batch of checks, the
 * record of an answer's use, and the subjects' latest grades it answers with.
 */
import type { DataSource, EntityManager } from 'typeorm';

/** The part of pg's pool used here: named statements are parsed and planned once per connection. */
interface PgPool {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
    rowMode: 'array';
    types: { getTypeParser: () => (text: string) => unknown };
  }): Promise<{ rows: unknown[][] }>;
}

/** Columns as PostgreSQL sends them: the answers' JSON text goes out as it is, never parsed and re-serialised. */
const AS_SENT = { getTypeParser: () => (text: string) => text };

/** An entry binds while it is in force and its validity has not run out (expiry exits it, domain.md §5). */
const IN_FORCE = `e.subject_key = k.subject_key AND e.status = 'IN_FORCE' AND (e.valid_until IS NULL OR e.valid_until >= $9::date)`;

/**
 * The applied measures of a kind that bite in the check's scenario, once per measure and unit, by code
 * then unit; each as the version it was applied under (a later revision applies to later entries).
 */
const measuresOf = (kind: 'PUNISHMENT' | 'INCENTIVE') => `
  coalesce((SELECT json_agg(json_build_object('measureCode', x.code, 'name', x.name, 'legalBasis', x.legal_basis, 'unitCode', x.unit_code)
                            ORDER BY x.code COLLATE "C", x.unit_code COLLATE "C")
            FROM (SELECT DISTINCT m.code, m.name, m.legal_basis, a.unit_code
                  FROM list_entries e
                  JOIN measure_applications a ON a.list_entry_id = e.id AND a.status = 'APPLIED'
                  JOIN measure_versions m ON m.code = a.measure_code AND m.version = a.measure_version
                                         AND m.kind = '${kind}' AND k.scenario = ANY (m.scenarios)
                  WHERE ${IN_FORCE}) x), '[]'::json)`;

/**
 * Answers a batch of checks and records them, in one statement (one round trip, all or nothing):
 * each check's answer is built from the read models (entries in force, the measures biting in its
 * scenario, the grade), inserted into credit_checks and returned in the batch's order.
 */
const CHECK_AND_RECORD = `
  WITH k AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
      WITH ORDINALITY AS k (id, subject_key, shown_code, scenario, department_code, user_name, correlation_id, checked_at, i)
  ), answers AS (
    SELECT k.*, json_build_object(
      'checkId', k.id,
      'subjectCode', k.shown_code,
      'scenario', k.scenario,
      'checkedAt', k.checked_at,
      'lists', coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                           'id', e.id, 'list', e.list, 'category', e.category,
                           'decidedOn', to_char(e.decided_on, 'YYYY-MM-DD'), 'validUntil', to_char(e.valid_until, 'YYYY-MM-DD'),
                           'initiatingUnit', json_build_object('name', e.initiating_unit_name, 'code', e.initiating_unit_code)))
                         ORDER BY e.decided_on, e.id)
                         FROM list_entries e WHERE ${IN_FORCE}), '[]'::json),
      'measures', ${measuresOf('PUNISHMENT')},
      'incentives', ${measuresOf('INCENTIVE')},
      'grade', g.grade,
      'score', g.score,
      'gradedAt', to_char(g.graded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    ) AS answer
    FROM k LEFT JOIN subject_grades g ON g.subject_key = k.subject_key
  ), recorded AS (
    INSERT INTO credit_checks (id, subject_key, scenario, department_code, user_name, correlation_id, answer, checked_at)
    SELECT id, subject_key, scenario, department_code, user_name, correlation_id, answer::jsonb, checked_at::timestamptz FROM answers
  )
  SELECT answer FROM answers ORDER BY i`;

/** One check to answer and record, as the statement takes it. */
export interface CheckToRecord {
  id: string;
  subjectKey: string;
  shownCode: string;
  scenario: string;
  departmentCode: string;
  userName: string | null;
  correlationId: string;
  checkedAt: string;
}

/** Answers and records a batch of checks in one statement (`today` decides what is in force); the answers' JSON texts in the batch's order. */
export async function answerAndRecordChecks(dataSource: DataSource, checks: CheckToRecord[], today: string): Promise<string[]> {
  const pool = (dataSource.driver as unknown as { master: PgPool }).master;
  const { rows } = await pool.query({
    name: 'credit-check-and-record',
    text: CHECK_AND_RECORD,
    values: [
      checks.map((c) => c.id),
      checks.map((c) => c.subjectKey),
      checks.map((c) => c.shownCode),
      checks.map((c) => c.scenario),
      checks.map((c) => c.departmentCode),
      checks.map((c) => c.userName),
      checks.map((c) => c.correlationId),
      checks.map((c) => c.checkedAt),
      today,
    ],
    rowMode: 'array',
    types: AS_SENT,
  });
  return rows.map((row) => row[0] as string);
}

/** The department that made a check (undefined when there is no such check). */
export async function findCheckDepartment(db: DataSource | EntityManager, checkId: string): Promise<{ department_code: string } | undefined> {
  const [check]: { department_code: string }[] = await db.query(
    `SELECT department_code FROM credit_checks WHERE id::text = $1`,
    [checkId],
  );
  return check;
}

/** Records what the checking department did with an answer; when it was recorded. */
export async function recordCheckUse(
  db: DataSource | EntityManager,
  checkId: string,
  departmentCode: string,
  decision: string,
  note: string | null,
): Promise<{ recorded_at: Date }> {
  const [row]: { recorded_at: Date }[] = await db.query(
    `INSERT INTO credit_check_uses (check_id, department_code, decision, note) VALUES ($1, $2, $3, $4) RETURNING recorded_at`,
    [checkId, departmentCode, decision, note],
  );
  return row;
}

/** Keeps a subject's latest grade (an older one, redelivered or out of order, changes nothing). */
export async function upsertSubjectGrade(
  manager: EntityManager,
  grade: { subjectKey: string; grade: string; score: number; gradedAt: string; eventId: string; streamVersion: number },
): Promise<void> {
  await manager.query(
    `INSERT INTO subject_grades (subject_key, grade, score, graded_at, event_id, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (subject_key) DO UPDATE
         SET grade = EXCLUDED.grade, score = EXCLUDED.score, graded_at = EXCLUDED.graded_at,
             event_id = EXCLUDED.event_id, stream_version = EXCLUDED.stream_version
         WHERE subject_grades.stream_version < EXCLUDED.stream_version`,
    [grade.subjectKey, grade.grade, grade.score, grade.gradedAt, grade.eventId, grade.streamVersion],
  );
}

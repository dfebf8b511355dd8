/** The monthly feedback's SQL: the month's counts and coverage, and the reports compiled. */
import type { EntityManager } from 'typeorm';
import type { ApplicationCoverageRow, CountRow, ExecutionCountRow } from './feedback.rules';

/** Measures applied in [from, to), by unit. */
export function appliedCounts(manager: EntityManager, range: unknown[]): Promise<CountRow[]> {
  return manager.query(
    `SELECT unit_code AS "unitCode", count(*)::int AS count FROM measure_applications
       WHERE applied_at >= $1 AND applied_at < $2 GROUP BY unit_code`,
    range,
  );
}

/** Measures lifted in [from, to), by unit. */
export function liftedCounts(manager: EntityManager, range: unknown[]): Promise<CountRow[]> {
  return manager.query(
    `SELECT unit_code AS "unitCode", count(*)::int AS count FROM measure_applications
       WHERE lifted_at >= $1 AND lifted_at < $2 GROUP BY unit_code`,
    range,
  );
}

/** Execution reports in [from, to), by unit and outcome. */
export function executionCounts(manager: EntityManager, range: unknown[]): Promise<ExecutionCountRow[]> {
  return manager.query(
    `SELECT unit_code AS "unitCode", outcome, count(*)::int AS count FROM measure_executions
       WHERE reported_at >= $1 AND reported_at < $2 GROUP BY unit_code, outcome`,
    range,
  );
}

/** The measures of entries in force at some time in [from, to), applied by its end, and whether a report on each arrived by then. */
export function applicationCoverage(manager: EntityManager, range: unknown[]): Promise<ApplicationCoverageRow[]> {
  return manager.query(
    `SELECT a.list_entry_id AS "listEntryId", a.unit_code AS "unitCode",
              EXISTS (SELECT 1 FROM measure_executions x
                       WHERE x.list_entry_id = a.list_entry_id AND x.measure_code = a.measure_code
                         AND x.unit_code = a.unit_code AND x.reported_at < $2) AS reported
       FROM measure_applications a JOIN list_entries e ON e.id = a.list_entry_id
       WHERE e.created_at < $2 AND (e.exited_at IS NULL OR e.exited_at >= $1) AND a.applied_at < $2`,
    range,
  );
}

/** The months whose report is compiled. */
export function compiledMonths(manager: EntityManager): Promise<{ month: string }[]> {
  return manager.query(`SELECT month FROM monthly_feedback_reports`);
}

/** The month (Asia/Shanghai) of the first measure applied, as rows (month null before any). */
export function firstAppliedMonth(manager: EntityManager): Promise<{ month: string | null }[]> {
  return manager.query(`SELECT to_char(min(applied_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month FROM measure_applications`);
}

/** Keeps a compiled month's report (once per month). */
export async function saveMonthlyReport(manager: EntityManager, month: string, eventId: string, report: unknown, compiledAt: string): Promise<void> {
  await manager.query(
    `INSERT INTO monthly_feedback_reports (month, event_id, report, compiled_at) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (month) DO NOTHING`,
    [month, eventId, JSON.stringify(report), compiledAt],
  );
}

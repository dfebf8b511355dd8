import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { monthBounds, monthlyFeedback, type ApplicationCoverageRow, type CountRow, type ExecutionCountRow, type MonthlyFeedback } from './feedback.report';

@Injectable()
export class FeedbackService {
  constructor(private readonly dataSource: DataSource) {}

  /** Read in one snapshot (REPEATABLE READ), so that the figures of the report agree with each other. */
  async monthly(month: string): Promise<MonthlyFeedback> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.compute(manager, month));
  }

  /** The month's report read through `manager` (the caller's transaction). */
  async compute(manager: EntityManager, month: string): Promise<MonthlyFeedback> {
    const { from, to } = monthBounds(month);
    const range = [from, to];
    const applied: CountRow[] = await manager.query(
      `SELECT unit_code AS "unitCode", count(*)::int AS count FROM measure_applications
       WHERE applied_at >= $1 AND applied_at < $2 GROUP BY unit_code`,
      range,
    );
    const lifted: CountRow[] = await manager.query(
      `SELECT unit_code AS "unitCode", count(*)::int AS count FROM measure_applications
       WHERE lifted_at >= $1 AND lifted_at < $2 GROUP BY unit_code`,
      range,
    );
    const executions: ExecutionCountRow[] = await manager.query(
      `SELECT unit_code AS "unitCode", outcome, count(*)::int AS count FROM measure_executions
       WHERE reported_at >= $1 AND reported_at < $2 GROUP BY unit_code, outcome`,
      range,
    );
    // Entries in force at some time in the month, with each measure applied by its end and whether
    // a report on it arrived by then (a report of any month counts: it is the measure that is covered).
    const coverage: ApplicationCoverageRow[] = await manager.query(
      `SELECT a.list_entry_id AS "listEntryId", a.unit_code AS "unitCode",
              EXISTS (SELECT 1 FROM measure_executions x
                       WHERE x.list_entry_id = a.list_entry_id AND x.measure_code = a.measure_code
                         AND x.unit_code = a.unit_code AND x.reported_at < $2) AS reported
       FROM measure_applications a JOIN list_entries e ON e.id = a.list_entry_id
       WHERE e.created_at < $2 AND (e.exited_at IS NULL OR e.exited_at >= $1) AND a.applied_at < $2`,
      range,
    );
    return monthlyFeedback(month, applied, lifted, executions, coverage);
  }
}

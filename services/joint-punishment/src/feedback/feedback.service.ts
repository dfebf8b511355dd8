import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appliedCounts, applicationCoverage, executionCounts, liftedCounts } from './feedback.repository';
import { monthBounds, monthlyFeedback, type ApplicationCoverageRow, type CountRow, type ExecutionCountRow, type MonthlyFeedback } from './feedback.rules';

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
    const applied: CountRow[] = await appliedCounts(manager, range);
    const lifted: CountRow[] = await liftedCounts(manager, range);
    const executions: ExecutionCountRow[] = await executionCounts(manager, range);
    // Entries in force at some time in the month, with each measure applied by its end and whether
    // a report on it arrived by then (a report of any month counts: it is the measure that is covered).
    const coverage: ApplicationCoverageRow[] = await applicationCoverage(manager, range);
    return monthlyFeedback(month, applied, lifted, executions, coverage);
  }
}

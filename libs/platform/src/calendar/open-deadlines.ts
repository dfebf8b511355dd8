import type { DeadlineRecomputedData } from '@credit/contracts';
import { recomputeDeadline, type CalendarBasis, type PublishedCalendarYear, type WorkingDayCalendar } from '@credit/domain-kernel';
import type { EntityManager } from 'typeorm';

/** Where a service keeps open deadlines "within N working days of D" (a read model table). */
export interface OpenDeadlines {
  table: string;
  /** The column of D (a date). */
  fromColumn: string;
  /** SQL that selects the rows still open (their deadline can still matter). */
  openWhere: string;
  workingDays: number;
}

/** An open deadline a publication changed, and what its recomputation event says. */
export interface DeadlineRecomputation {
  id: string;
  subjectKey: string;
  data: DeadlineRecomputedData;
}

/**
 * The open deadlines of `table` whose period counts days of the published year (its `from` year up to
 * its due year), recomputed on `calendar`: each one whose due time or calendar changed, with the
 * data of its recomputation event. Rows need `id`, `subject_key`, `due_by` (timestamptz) and
 * `due_by_calendar` (jsonb) columns. Runs in the caller's (the publication's) transaction.
 */
export async function recomputeOpenDeadlines(
  manager: EntityManager,
  where: OpenDeadlines,
  published: PublishedCalendarYear,
  calendar: WorkingDayCalendar,
): Promise<DeadlineRecomputation[]> {
  const open: { id: string; subject_key: string; from_date: string; due_by: Date; due_by_calendar: CalendarBasis[] | null }[] = await manager.query(
    `SELECT id, subject_key, to_char(${where.fromColumn}, 'YYYY-MM-DD') AS from_date, due_by, due_by_calendar FROM ${where.table}
      WHERE (${where.openWhere}) AND EXTRACT(YEAR FROM ${where.fromColumn}) <= $1 AND EXTRACT(YEAR FROM due_by AT TIME ZONE 'Asia/Shanghai') >= $1`,
    [published.year],
  );
  const recomputations: DeadlineRecomputation[] = [];
  for (const row of open) {
    const recomputed = recomputeDeadline({ dueBy: new Date(row.due_by).toISOString(), calendar: row.due_by_calendar }, row.from_date, where.workingDays, calendar);
    if (!recomputed) continue;
    recomputations.push({
      id: row.id,
      subjectKey: row.subject_key,
      data: {
        previousDueBy: recomputed.previousDueBy,
        dueBy: recomputed.deadline.dueBy,
        calendar: recomputed.deadline.calendar,
        movedEarlier: recomputed.movedEarlier,
        calendarYear: published.year,
        calendarVersion: published.version,
      },
    });
  }
  return recomputations;
}

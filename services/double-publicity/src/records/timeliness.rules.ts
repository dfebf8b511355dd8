/**
 * 双公示 timeliness (domain.md §2, seeds 000–002): a record collected within 7 working days of its
 * decision date is "timely". The judgement keeps the end of the 7th working day and the calendar it
 * was computed on, so that a year's schedule published later can judge it again (never silently).
 * Pure.
 */
import type { TimelinessData } from '@credit/contracts';
import { recomputeDeadline, todayInShanghai, type WorkingDayCalendar } from '@credit/domain-kernel';

/** Collection within 7 working days of the decision date is "timely". */
export const TIMELY_WITHIN_WORKING_DAYS = 7;

/**
 * No run of non-working days in the national calendar comes near this: a decision older than this
 * many calendar days is late whatever its year's holidays were, so no calendar is needed to judge it.
 */
const CERTAINLY_LATE_AFTER_DAYS = 60;

export interface Timeliness {
  timely: boolean;
  /** Absent when the decision is certainly late (no calendar was needed). */
  timeliness?: TimelinessData;
}

/**
 * Whether a record collected at `collectedAt` is within 7 working days of its decision date: compared
 * with the end of the 7th working day (Shanghai), not by counting days, so a weekend after the
 * deadline is late although it adds no working day.
 */
export function timelinessOf(decidedOn: string, collectedAt: Date, calendar: WorkingDayCalendar): Timeliness {
  const elapsedDays = (Date.parse(`${todayInShanghai(collectedAt)}T00:00:00Z`) - Date.parse(`${decidedOn}T00:00:00Z`)) / 86_400_000;
  if (elapsedDays > CERTAINLY_LATE_AFTER_DAYS) return { timely: false };
  const deadline = calendar.deadline(decidedOn, TIMELY_WITHIN_WORKING_DAYS);
  return { timely: collectedAt.getTime() <= Date.parse(deadline.dueBy), timeliness: { dueBy: deadline.dueBy, calendar: deadline.calendar } };
}

/** A judgement made again on a newly published calendar. */
export interface TimelinessRejudged {
  timely: boolean;
  previousTimely: boolean;
  timeliness: TimelinessData;
  previousDueBy: string;
  movedEarlier: boolean;
}

/**
 * The record's timeliness on `calendar`, when its 7th working day moved, or when it rested on a
 * provisional year that is now published; null otherwise (a later version of an already published
 * year that leaves the day where it was changes nothing worth an event), and when the judgement
 * needed no calendar.
 */
export function rejudgeTimeliness(
  recorded: Timeliness,
  decidedOn: string,
  collectedAt: Date,
  calendar: WorkingDayCalendar,
): TimelinessRejudged | null {
  if (recorded.timeliness === undefined) return null;
  const recomputed = recomputeDeadline(recorded.timeliness, decidedOn, TIMELY_WITHIN_WORKING_DAYS, calendar);
  if (!recomputed) return null;
  const { dueBy, calendar: basis } = recomputed.deadline;
  const wasProvisional = recorded.timeliness.calendar.some((year) => year.provisional);
  if (!wasProvisional && Date.parse(dueBy) === Date.parse(recomputed.previousDueBy)) return null;
  return {
    timely: collectedAt.getTime() <= Date.parse(dueBy),
    previousTimely: recorded.timely,
    timeliness: { dueBy, calendar: basis },
    previousDueBy: recomputed.previousDueBy,
    movedEarlier: recomputed.movedEarlier,
  };
}

/** An intake answer: the new record's id and its timeliness. */
export type RecordedTimely = Timeliness & { id: string };

/** The judgement a record carries, for an intake answer. */
export const timelyOf = (record: Timeliness): Timeliness => ({
  timely: record.timely,
  ...(record.timeliness !== undefined && { timeliness: record.timeliness }),
});

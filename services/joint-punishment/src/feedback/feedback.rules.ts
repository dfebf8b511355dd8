/**
 * The monthly execution report (跟踪反馈, domain.md §5) as pure arithmetic over counted rows, so
 * that the figures' rules are tested without a database. Pure: no Nest, no I/O.
 */
import type { MeasureExecutionOutcome } from '@credit/contracts';

export interface ExecutionCounts {
  APPLIED: number;
  NOT_APPLICABLE: number;
  LIFTED: number;
  total: number;
}

export interface Coverage {
  /** Entries in force at some time during the month with at least one measure applied (for a unit: one of its measures). */
  entries: number;
  /** Of those, the entries whose every applied measure has an execution report by the end of the month. */
  covered: number;
  /** covered ÷ entries, null when there is no entry to cover. */
  ratio: number | null;
}

export interface FeedbackFigures {
  measuresApplied: number;
  measuresLifted: number;
  executions: ExecutionCounts;
  coverage: Coverage;
}

export interface UnitFeedback extends FeedbackFigures {
  unitCode: string;
}

export interface MonthlyFeedback {
  month: string;
  /** The month's bounds as instants: [from, to) in Asia/Shanghai. */
  from: string;
  to: string;
  cityWide: FeedbackFigures;
  units: UnitFeedback[];
}

/** One (entry, unit, measure) application in force during the month, and whether it has a report. */
export interface ApplicationCoverageRow {
  listEntryId: string;
  unitCode: string;
  reported: boolean;
}

export interface CountRow {
  unitCode: string;
  count: number;
}

export interface ExecutionCountRow extends CountRow {
  outcome: MeasureExecutionOutcome;
}

/** [from, to) of a `YYYY-MM` month in Asia/Shanghai (UTC+8, no daylight saving). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

export function coverageOf(rows: ApplicationCoverageRow[]): Coverage {
  const byEntry = new Map<string, boolean>();
  for (const row of rows) byEntry.set(row.listEntryId, (byEntry.get(row.listEntryId) ?? true) && row.reported);
  const entries = byEntry.size;
  const covered = [...byEntry.values()].filter(Boolean).length;
  return { entries, covered, ratio: entries === 0 ? null : covered / entries };
}

const sum = (rows: CountRow[]) => rows.reduce((total, row) => total + row.count, 0);

function executionsOf(rows: ExecutionCountRow[]): ExecutionCounts {
  const counts: ExecutionCounts = { APPLIED: 0, NOT_APPLICABLE: 0, LIFTED: 0, total: 0 };
  for (const row of rows) {
    counts[row.outcome] += row.count;
    counts.total += row.count;
  }
  return counts;
}

export function monthlyFeedback(
  month: string,
  applied: CountRow[],
  lifted: CountRow[],
  executions: ExecutionCountRow[],
  coverage: ApplicationCoverageRow[],
): MonthlyFeedback {
  const { from, to } = monthBounds(month);
  const units = [...new Set([...applied, ...lifted, ...executions, ...coverage].map((r) => r.unitCode))].sort();
  const ofUnit = <T extends { unitCode: string }>(rows: T[], unitCode: string) => rows.filter((r) => r.unitCode === unitCode);
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    cityWide: {
      measuresApplied: sum(applied),
      measuresLifted: sum(lifted),
      executions: executionsOf(executions),
      coverage: coverageOf(coverage),
    },
    units: units.map((unitCode) => ({
      unitCode,
      measuresApplied: sum(ofUnit(applied, unitCode)),
      measuresLifted: sum(ofUnit(lifted, unitCode)),
      executions: executionsOf(ofUnit(executions, unitCode)),
      coverage: coverageOf(ofUnit(coverage, unitCode)),
    })),
  };
}

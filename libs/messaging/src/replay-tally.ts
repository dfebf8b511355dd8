/**
 * What a replay (`ops replay`) did, record by record, added up: outcomes, event types, rows per
 * table, and the records it could not apply (with where they are). Pure.
 */
import { eventRegistry, REPLAY_OUTCOMES, type ReplayOutcome } from '@credit/contracts';

/** Rows a record inserted, updated and deleted in one table (or would have, in a dry run). */
export interface TableChange {
  inserted: number;
  updated: number;
  deleted: number;
}

/** What became of one replayed record. */
export interface ReplayedRecord {
  outcome: ReplayOutcome;
  type?: string;
  eventId?: string;
  /** invalid: the dead-letter reason (malformed-json, invalid-data, ...); parked: why (not-ready, unknown-version, behind-parked). */
  reason?: string;
  /** invalid, failed or parked: the message. */
  error?: string;
  /** invalid: the dead letter the live group made of this record, if it did. */
  deadLetterId?: string;
  /** Per table (`inbox`, `schema.table` outside public), the rows the record changed; absent for no change. */
  tableChanges?: Record<string, TableChange>;
}

/** A record the replay did not apply: where it is and why. */
export interface ReplayProblem {
  /** `<topic>/<partition>@<offset>`. */
  position: string;
  outcome: 'invalid' | 'failed' | 'parked';
  type?: string;
  eventId?: string;
  reason?: string;
  error?: string;
  deadLetterId?: string;
}

export interface ReplayCounts {
  processed: number;
  outcomes: Record<ReplayOutcome, number>;
  byType: Record<string, number>;
  tableChanges: Record<string, TableChange>;
  problems: ReplayProblem[];
  /** Problems beyond the first {@link MAX_LISTED_PROBLEMS}, counted only. */
  problemsNotListed: number;
}

export const MAX_LISTED_PROBLEMS = 100;

/** Thrown while a record is replayed when the replay is being stopped: the record was not finished (nor counted). */
export class ReplayAborted extends Error {
  constructor() {
    super('replay stopped before the record was finished');
    this.name = 'ReplayAborted';
  }
}

export const emptyOutcomes = (): Record<ReplayOutcome, number> =>
  Object.fromEntries(REPLAY_OUTCOMES.map((outcome) => [outcome, 0])) as Record<ReplayOutcome, number>;

/**
 * The label of a type in `byType`: a contract type as is, `unregistered` for any other (a garbage
 * type in a record must not become a key of the audit event), `unreadable` for none.
 */
export function typeLabel(type: string | undefined, isContractType: (type: string) => boolean = (t) => eventRegistry.latestVersion(t) !== undefined): string {
  if (type === undefined) return 'unreadable';
  return isContractType(type) ? type : 'unregistered';
}

export class ReplayTally {
  private processed = 0;
  private readonly outcomes = emptyOutcomes();
  private readonly byType: Record<string, number> = {};
  private readonly tableChanges: Record<string, TableChange> = {};
  private readonly problems: ReplayProblem[] = [];
  private problemsNotListed = 0;

  constructor(private readonly isContractType?: (type: string) => boolean) {}

  add(position: { topic: string; partition: number; offset: string }, record: ReplayedRecord): void {
    this.processed += 1;
    this.outcomes[record.outcome] += 1;
    const label = typeLabel(record.type, this.isContractType);
    this.byType[label] = (this.byType[label] ?? 0) + 1;
    for (const [table, change] of Object.entries(record.tableChanges ?? {})) {
      const sum = (this.tableChanges[table] ??= { inserted: 0, updated: 0, deleted: 0 });
      sum.inserted += change.inserted;
      sum.updated += change.updated;
      sum.deleted += change.deleted;
    }
    if (record.outcome === 'invalid' || record.outcome === 'failed' || record.outcome === 'parked') {
      if (this.problems.length >= MAX_LISTED_PROBLEMS) {
        this.problemsNotListed += 1;
        return;
      }
      this.problems.push({
        position: `${position.topic}/${position.partition}@${position.offset}`,
        outcome: record.outcome,
        ...(record.type !== undefined && { type: label }),
        ...(record.eventId !== undefined && { eventId: record.eventId }),
        ...(record.reason !== undefined && { reason: record.reason }),
        ...(record.error !== undefined && { error: record.error.slice(0, 500) }),
        ...(record.deadLetterId !== undefined && { deadLetterId: record.deadLetterId }),
      });
    }
  }

  /** A copy of the sums so far. */
  counts(): ReplayCounts {
    return {
      processed: this.processed,
      outcomes: { ...this.outcomes },
      byType: { ...this.byType },
      tableChanges: Object.fromEntries(Object.entries(this.tableChanges).map(([table, change]) => [table, { ...change }])),
      problems: this.problems.map((p) => ({ ...p })),
      problemsNotListed: this.problemsNotListed,
    };
  }
}

/** Per-table tuple counters of the open transaction, as `pg_stat_xact_user_tables` shows them. */
export type TableCounters = Map<string, TableChange>;

/** The rows changed between two readings of {@link TableCounters} in one transaction; tables without change left out. */
export function tableDeltas(before: TableCounters, after: TableCounters): Record<string, TableChange> {
  const changes: Record<string, TableChange> = {};
  for (const [table, now] of after) {
    const then = before.get(table) ?? { inserted: 0, updated: 0, deleted: 0 };
    const change = { inserted: now.inserted - then.inserted, updated: now.updated - then.updated, deleted: now.deleted - then.deleted };
    if (change.inserted !== 0 || change.updated !== 0 || change.deleted !== 0) changes[table] = change;
  }
  return Object.fromEntries(Object.entries(changes).sort(([a], [b]) => a.localeCompare(b)));
}

/** The SQL that reads {@link TableCounters} inside a transaction (counts of this transaction only). */
export const TABLE_COUNTERS_SQL = `SELECT schemaname, relname, n_tup_ins::text AS ins, n_tup_upd::text AS upd, n_tup_del::text AS del FROM pg_stat_xact_user_tables`;

export function tableCountersOf(rows: { schemaname: string; relname: string; ins: string; upd: string; del: string }[]): TableCounters {
  return new Map(
    rows.map((r) => [r.schemaname === 'public' ? r.relname : `${r.schemaname}.${r.relname}`, { inserted: Number(r.ins), updated: Number(r.upd), deleted: Number(r.del) }]),
  );
}

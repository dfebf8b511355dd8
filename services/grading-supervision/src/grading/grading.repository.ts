/**
 * The grading read model's SQL. The per-subject records that count in grading, read and written
 * inside a given transaction (the inbox transaction for changes), so that records, grade event and
 * offset agree; and each subject's latest grade (subject_grades).
 */
import type { PenaltySeverity } from '@credit/contracts';
import type { EntityManager } from 'typeorm';
import type { CreditRecord } from './scoring.rules';

type RecordKind = CreditRecord['kind'];

export interface RecordChange {
  kind: RecordKind;
  recordId: string;
  subjectKey: string;
  source: string;
  eventId: string;
  /** Severity of a penalty, list of an entry, outcome of a commitment finding. */
  category: string;
  active: boolean;
  maximumUntil?: string;
}

export async function upsertRecord(manager: EntityManager, change: RecordChange): Promise<void> {
  await manager.query(
    `INSERT INTO credit_records (record_kind, record_id, subject_key, source, event_id, category, active, maximum_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (record_kind, record_id) DO UPDATE
       SET source = EXCLUDED.source, event_id = EXCLUDED.event_id, category = EXCLUDED.category,
           active = EXCLUDED.active, maximum_until = EXCLUDED.maximum_until, updated_at = now()`,
    [change.kind, change.recordId, change.subjectKey, change.source, change.eventId, change.category, change.active, change.maximumUntil ?? null],
  );
}

/**
 * A record leaves the score (publicity withdrawn, entry exited). Only the flag changes: the
 * factor still names the event that brought the record in. A record not seen here (published
 * before this service kept records) is remembered as inactive, so nothing later revives it.
 */
export async function deactivateRecord(manager: EntityManager, kind: RecordKind, recordId: string, subjectKey: string, source: string, eventId: string): Promise<void> {
  await manager.query(
    `INSERT INTO credit_records (record_kind, record_id, subject_key, source, event_id, category, active)
     VALUES ($1, $2, $3, $4, $5, 'UNKNOWN', false)
     ON CONFLICT (record_kind, record_id) DO UPDATE SET active = false, updated_at = now()`,
    [kind, recordId, subjectKey, source, eventId],
  );
}

/** One record as kept (null when not seen here): what its next event is evolved from. */
export async function findRecord(
  manager: EntityManager,
  kind: RecordKind,
  recordId: string,
): Promise<{ category: string; active: boolean; maximumUntil: string | null } | null> {
  const [row] = await manager.query(
    `SELECT category, active, to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until FROM credit_records WHERE record_kind = $1 AND record_id = $2`,
    [kind, recordId],
  );
  return row ? { category: row.category, active: row.active, maximumUntil: row.maximum_until ?? null } : null;
}

export async function loadRecords(manager: EntityManager, subjectKey: string): Promise<CreditRecord[]> {
  const rows: Array<Record<string, any>> = await manager.query(
    `SELECT record_kind, record_id, source, event_id, category, active, to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until
       FROM credit_records WHERE subject_key = $1 AND active AND category <> 'UNKNOWN'
      ORDER BY updated_at, record_id`,
    [subjectKey],
  );
  return rows.map((row): CreditRecord => {
    const base = { recordId: row.record_id, source: row.source, eventId: row.event_id };
    switch (row.record_kind as RecordKind) {
      case 'PENALTY':
        return { kind: 'PENALTY', ...base, severity: row.category as PenaltySeverity, inPublicity: row.active, maximumUntil: row.maximum_until };
      case 'LIST_ENTRY':
        return { kind: 'LIST_ENTRY', ...base, list: row.category as 'BLACK' | 'RED', inForce: row.active };
      case 'COMMITMENT':
        return { kind: 'COMMITMENT', ...base, outcome: row.category as 'FULFILLED' | 'BREACHED' | 'FALSE' };
    }
  });
}

/** Keeps a subject's latest grade (one row per subject), written with the grade-recomputed event. */
export async function upsertSubjectGrade(
  manager: EntityManager,
  grade: { subjectKey: string; score: number; grade: string; triggerEventId: string; computedAt: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO subject_grades (subject_key, score, grade, trigger_event_id, computed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject_key) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade,
           trigger_event_id = EXCLUDED.trigger_event_id, computed_at = EXCLUDED.computed_at`,
    [grade.subjectKey, grade.score, grade.grade, grade.triggerEventId, grade.computedAt],
  );
}

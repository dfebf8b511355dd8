/**
 * The grading read model's SQL. The per-subject records that count in grading, read and written
 * inside a given transaction (the inbox transaction for changes), so that records, grade event and
 * offset agree; and each subject's latest grade (subject_grades).
 */
import type { CreditGrade, PenaltySeverity } from '@credit/contracts';
import type { EntityManager } from 'typeorm';
import { ruleFromWeights, type CreditRecord, type InspectionOutcome, type ScoringRule, type ScoringRuleWeights } from './scoring.rules';

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
  return rows.map(toRecord);
}

function toRecord(row: Record<string, any>): CreditRecord {
  const base = { recordId: row.record_id, source: row.source, eventId: row.event_id };
  switch (row.record_kind as RecordKind) {
    case 'PENALTY':
      return { kind: 'PENALTY', ...base, severity: row.category as PenaltySeverity, inPublicity: row.active, maximumUntil: row.maximum_until };
    case 'LIST_ENTRY':
      return { kind: 'LIST_ENTRY', ...base, list: row.category as 'BLACK' | 'RED', inForce: row.active };
    case 'COMMITMENT':
      return { kind: 'COMMITMENT', ...base, outcome: row.category as 'FULFILLED' | 'BREACHED' | 'FALSE' };
    case 'INSPECTION':
      return { kind: 'INSPECTION', ...base, outcome: row.category as InspectionOutcome };
    case 'INDUSTRY_EVALUATION':
      return { kind: 'INDUSTRY_EVALUATION', ...base, grade: row.category as CreditGrade, validUntil: row.maximum_until };
  }
}

/** Keeps a subject's latest grade (one row per subject), written with the grade-recomputed event. */
export async function upsertSubjectGrade(
  manager: EntityManager,
  grade: { subjectKey: string; score: number; grade: string; triggerEventId: string; computedAt: string; ruleVersion: number },
): Promise<void> {
  await manager.query(
    `INSERT INTO subject_grades (subject_key, score, grade, trigger_event_id, computed_at, rule_version) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (subject_key) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade,
           trigger_event_id = EXCLUDED.trigger_event_id, computed_at = EXCLUDED.computed_at, rule_version = EXCLUDED.rule_version`,
    [grade.subjectKey, grade.score, grade.grade, grade.triggerEventId, grade.computedAt, grade.ruleVersion],
  );
}

/** Every version of the scoring rule (reference data, seeded with version 1 by migration), oldest first. */
export async function loadRuleVersions(manager: EntityManager): Promise<ScoringRule[]> {
  const rows: Array<{ version: number; effective_from: string; rule: ScoringRuleWeights }> = await manager.query(
    `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, rule FROM scoring_rule_versions ORDER BY version`,
  );
  return rows.map((row) => ruleFromWeights(row.version, row.effective_from, row.rule));
}

/** Keeps a version defined through the admin route (written with its scoring-rule-defined event). */
export async function insertRuleVersion(manager: EntityManager, rule: { version: number; effectiveFrom: string; weights: ScoringRuleWeights; eventId: string }): Promise<void> {
  await manager.query(
    `INSERT INTO scoring_rule_versions (version, effective_from, rule, event_id) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
    [rule.version, rule.effectiveFrom, JSON.stringify(rule.weights), rule.eventId],
  );
}

/** Whether the platform has graded the subject (a grade-recomputed kept): a subject never graded is sampled as B. */
export async function gradedSubjects(manager: EntityManager, subjectKeys: readonly string[]): Promise<Set<string>> {
  if (subjectKeys.length === 0) return new Set();
  const rows: Array<{ subject_key: string }> = await manager.query(`SELECT subject_key FROM subject_grades WHERE subject_key = ANY($1::text[])`, [subjectKeys]);
  return new Set(rows.map((r) => r.subject_key));
}

/** The records of many subjects at once (a plan's population), by subject key. */
export async function loadRecordsOfSubjects(manager: EntityManager, subjectKeys: readonly string[]): Promise<Map<string, CreditRecord[]>> {
  const bySubject = new Map<string, CreditRecord[]>();
  for (const key of subjectKeys) bySubject.set(key, []);
  if (subjectKeys.length === 0) return bySubject;
  const rows: Array<Record<string, any>> = await manager.query(
    `SELECT subject_key, record_kind, record_id, source, event_id, category, active, to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until
       FROM credit_records WHERE subject_key = ANY($1::text[]) AND active AND category <> 'UNKNOWN'
      ORDER BY updated_at, record_id`,
    [subjectKeys],
  );
  for (const row of rows) bySubject.get(row.subject_key)?.push(toRecord(row));
  return bySubject;
}

/** One subject whose kept grade another rule version computed, claimed for the regrade scan (null when none). */
export async function claimGradeOfOtherVersion(manager: EntityManager, version: number): Promise<string | null> {
  const [row] = await manager.query(`SELECT subject_key FROM subject_grades WHERE rule_version <> $1 LIMIT 1 FOR UPDATE SKIP LOCKED`, [version]);
  return row ? (row.subject_key as string) : null;
}

/** The kept grade is that of `version` (the regrade found nothing to add: its trigger was already answered). */
export async function markGradeVersion(manager: EntityManager, subjectKey: string, version: number): Promise<void> {
  await manager.query(`UPDATE subject_grades SET rule_version = $2 WHERE subject_key = $1`, [subjectKey, version]);
}

/** The event that defined a version (null for the seeded version 1). */
export async function ruleVersionEventId(manager: EntityManager, version: number): Promise<string | null> {
  const [row] = await manager.query(`SELECT event_id FROM scoring_rule_versions WHERE version = $1`, [version]);
  return (row?.event_id as string | null | undefined) ?? null;
}

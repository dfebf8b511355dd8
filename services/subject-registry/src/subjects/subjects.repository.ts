/**
 * The subjects service's SQL outside the projection: reads of the subjects read model, the
 * code-quality findings kept without an event, and the natural-person vault with its audit.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { LegacyCode } from './subject.decider';

type Db = DataSource | EntityManager;

/** The subjects using a legacy code value (under any scheme). */
export function findSubjectKeysByLegacyCode(db: Db, value: string): Promise<{ subject_key: string }[]> {
  return db.query(`SELECT DISTINCT subject_key FROM subject_legacy_codes WHERE value = $1`, [value]);
}

/** 错码: a refused (masked) code, kept out of the event store. */
export async function insertInvalidCodeFinding(db: Db, maskedCode: string, detail: string): Promise<void> {
  await db.query(`INSERT INTO code_quality_findings (finding, code, field, detail) VALUES ('INVALID_CODE', $1, 'code', $2)`, [maskedCode, detail]);
}

/** A subject's row, registered_on as YYYY-MM-DD (undefined when there is none). */
export async function findSubject(db: Db, subjectKey: string): Promise<Record<string, any> | undefined> {
  const [row] = await db.query(`SELECT *, to_char(registered_on, 'YYYY-MM-DD') AS registered_on FROM subjects WHERE subject_key = $1`, [subjectKey]);
  return row;
}

/** A subject's legacy codes, in the order they were added. */
export function listLegacyCodes(db: Db, subjectKey: string): Promise<LegacyCode[]> {
  return db.query(`SELECT scheme, value FROM subject_legacy_codes WHERE subject_key = $1 ORDER BY added_at, scheme, value`, [subjectKey]);
}

/** The encrypted ID number kept for a subject (undefined when none is). */
export async function findIdCiphertext(manager: EntityManager, subjectKey: string): Promise<{ id_ciphertext: string } | undefined> {
  const [vault] = await manager.query(`SELECT id_ciphertext FROM natural_person_vault WHERE subject_key = $1`, [subjectKey]);
  return vault;
}


import type { EntityManager } from 'typeorm';

/**
 * The subjects this service knows: registered in subject-registry, or met in a penalty, a
 * commitment or one of its own listings (credit.subject-events). A listing and a nomination name
 * one of them, so that a mistyped code lists nobody. Idempotent.
 */
export async function rememberSubject(manager: EntityManager, subjectKey: string, maskedCode: string): Promise<void> {
  await manager.query(`INSERT INTO known_subjects (subject_key, masked_code, first_seen_at) VALUES ($1, $2, now()) ON CONFLICT (subject_key) DO NOTHING`, [
    subjectKey,
    maskedCode,
  ]);
}

export async function isKnownSubject(manager: EntityManager, subjectKey: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM known_subjects WHERE subject_key = $1`, [subjectKey]);
  return rows.length > 0;
}

/** The message of a refusal for a subject not known here (masked code only). */
export const unknownSubjectMessage = (maskedCode: string): string =>
  `subject ${maskedCode} is unknown here: no registration, record or listing of it has been received (a listing needs a subject the platform knows)`;

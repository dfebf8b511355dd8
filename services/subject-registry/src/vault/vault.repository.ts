/** The vault's SQL: natural persons' encrypted ID numbers, and the audit of every hand-over. */
import type { EntityManager } from 'typeorm';

/** Keeps the encrypted ID number unless one is kept already; whether this call stored it. */
export async function insertIdCiphertext(manager: EntityManager, subjectKey: string, ciphertext: string): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO natural_person_vault (subject_key, id_ciphertext) VALUES ($1, $2) ON CONFLICT (subject_key) DO NOTHING RETURNING subject_key`,
    [subjectKey, ciphertext],
  );
  return inserted.length > 0;
}

/** Audits a hand-over (or any other access) of a clear ID number. */
export async function auditPiiAccess(
  manager: EntityManager,
  subjectKey: string,
  by: { departmentCode: string; name: string | null; roles: readonly string[] },
  purpose: string,
  correlationId: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO pii_access_audit (subject_key, department_code, user_name, roles, purpose, correlation_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [subjectKey, by.departmentCode, by.name, by.roles, purpose, correlationId],
  );
}

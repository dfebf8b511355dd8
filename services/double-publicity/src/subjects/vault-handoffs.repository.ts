/** The sealed ID numbers waiting for subject-registry's vault (`vault_handoffs`, see vault-handoff.ts). */
import type { EntityManager } from 'typeorm';

export interface HandoffRow {
  id: string;
  subject_key: string;
  id_ciphertext: string;
  attempts: number;
}

/** Stages one sealed number, in the caller's (the record's append) transaction. */
export async function insertVaultHandoff(manager: EntityManager, subjectKey: string, idCiphertext: string): Promise<void> {
  await manager.query(`INSERT INTO vault_handoffs (subject_key, id_ciphertext) VALUES ($1, $2)`, [subjectKey, idCiphertext]);
}

/** One hand-off due at `now`, locked for the transaction (SKIP LOCKED: never one another process holds), or undefined. */
export async function claimDueVaultHandoff(manager: EntityManager, now: Date): Promise<HandoffRow | undefined> {
  const [row]: HandoffRow[] = await manager.query(
    `SELECT id, subject_key, id_ciphertext, attempts FROM vault_handoffs WHERE next_attempt_at <= $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
  );
  return row;
}

export async function deleteVaultHandoff(manager: EntityManager, id: string): Promise<void> {
  await manager.query(`DELETE FROM vault_handoffs WHERE id = $1`, [id]);
}

/** Keeps a hand-off whose call failed, with why and its next attempt `delaySeconds` after `now`. */
export async function deferVaultHandoff(manager: EntityManager, id: string, failure: string, now: Date, delaySeconds: number): Promise<void> {
  await manager.query(
    `UPDATE vault_handoffs SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3::timestamptz + make_interval(secs => $4) WHERE id = $1`,
    [id, failure, now, delaySeconds],
  );
}

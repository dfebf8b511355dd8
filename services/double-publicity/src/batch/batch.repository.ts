/** The batch intakes' reads of stored decisions and the savepoints their records are stored behind. */
import type { EntityManager } from 'typeorm';

/**
 * The (authority, decision number) keys among the given ones already stored in `table` (committed,
 * or written by this transaction when `manager` is its).
 */
export function storedDecisionKeys(
  manager: EntityManager,
  table: 'penalties' | 'licenses',
  authorityCodes: string[],
  decisionNumbers: string[],
): Promise<{ authority_code: string; decision_number: string }[]> {
  return manager.query(
    `SELECT authority_code, decision_number FROM ${table}
        WHERE (authority_code, decision_number) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [authorityCodes, decisionNumbers],
  );
}

/**
 * The savepoints the batch intakes store their records behind, in their transaction: all of a
 * penalty or licence batch behind one, each administrative action behind its own.
 */
export type BatchSavepoint = 'batch_records' | 'action_item';

export async function setSavepoint(manager: EntityManager, name: BatchSavepoint): Promise<void> {
  await manager.query(`SAVEPOINT ${name}`);
}

export async function releaseSavepoint(manager: EntityManager, name: BatchSavepoint): Promise<void> {
  await manager.query(`RELEASE SAVEPOINT ${name}`);
}

export async function rollbackToSavepoint(manager: EntityManager, name: BatchSavepoint): Promise<void> {
  await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
}

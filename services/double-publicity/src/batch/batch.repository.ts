/** The batch intake's reads of stored decisions and the savepoint its records are stored behind. */
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

/** The savepoint behind which a batch stores its records, in its transaction. */
export async function savepointBatchRecords(manager: EntityManager): Promise<void> {
  await manager.query('SAVEPOINT batch_records');
}

export async function releaseBatchRecords(manager: EntityManager): Promise<void> {
  await manager.query('RELEASE SAVEPOINT batch_records');
}

export async function rollbackBatchRecords(manager: EntityManager): Promise<void> {
  await manager.query('ROLLBACK TO SAVEPOINT batch_records');
}

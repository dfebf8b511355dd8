/** The schedulers' claims: one due row at a time, locked for the claiming transaction (FOR UPDATE SKIP LOCKED). */
import { minimumPeriodOverSql, publicityEndedSql } from '@credit/credit-rules';
import type { EntityManager } from 'typeorm';

// The day boundaries are the publicity window's own (@credit/credit-rules), generated as SQL, so the
// scheduler withdraws exactly on the day every other service stops counting the record.

/** Penalties due for the repair-eligible reminder on day `$1`: minimum period over, still in publicity, not reminded yet. */
export const REPAIR_ELIGIBLE_DUE_WHERE = `publicity_status = 'PUBLISHED' AND repair_eligible_on IS NULL AND ${minimumPeriodOverSql('minimum_until', '$1')}
         AND (maximum_until IS NULL OR NOT (${publicityEndedSql('maximum_until', '$1')}))`;

/** Penalties whose publicity stops by itself on day `$1` (withdrawn with reason EXPIRY). */
export const PUBLICITY_EXPIRED_WHERE = `publicity_status = 'PUBLISHED' AND ${publicityEndedSql('maximum_until', '$1')}`;

export interface DuePenalty {
  id: string;
  subject_key: string;
  source_unit_code: string;
  minimum_until: string;
  maximum_until: string | null;
}

export interface OverdueObjection {
  id: string;
  subject_key: string;
  source_unit_code: string;
}

/** One penalty matching `where` on day `$1` (never one another transaction holds), locked; undefined when none is due. */
export async function claimDuePenalty(manager: EntityManager, where: string, today: string): Promise<DuePenalty | undefined> {
  const [due]: DuePenalty[] = await manager.query(
    `SELECT id, subject_key, source_unit_code, to_char(minimum_until, 'YYYY-MM-DD') AS minimum_until,
                to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until
           FROM penalties WHERE ${where}
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [today],
  );
  return due;
}

/** One objection still open and unflagged after its due time (never one another transaction holds), locked; undefined when none. */
export async function claimOverdueObjection(manager: EntityManager, now: Date): Promise<OverdueObjection | undefined> {
  const [row]: OverdueObjection[] = await manager.query(
    `SELECT id, subject_key, source_unit_code FROM objections
          WHERE status = 'OPEN' AND overdue_on IS NULL AND due_by < $1
          ORDER BY due_by, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
  );
  return row;
}

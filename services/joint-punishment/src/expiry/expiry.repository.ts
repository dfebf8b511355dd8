/** The expiry scan's SQL: the next in-force entry past its validity, claimed for the scan's transaction. */
import type { EntityManager } from 'typeorm';

export interface DueEntry {
  id: string;
  subject_key: string;
  initiating_unit_code: string;
  valid_until: string;
}

/** The in-force entry whose validity ended longest before `today`, locked (skipping those others hold); undefined when none is. */
export async function claimExpiredEntry(manager: EntityManager, today: string): Promise<DueEntry | undefined> {
  const [due]: DueEntry[] = await manager.query(
    `SELECT id, subject_key, initiating_unit_code, to_char(valid_until, 'YYYY-MM-DD') AS valid_until
         FROM list_entries
         WHERE status = 'IN_FORCE' AND valid_until < $1::date
         ORDER BY valid_until, id LIMIT 1
         FOR UPDATE SKIP LOCKED`,
    [today],
  );
  return due;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The paged red and black lists of the website: one row per list entry that has not exited, as the
 * website shows it (subject masked), rewritten with the subject's view in the inbox transaction.
 * Expiry (`valid_until`) is applied when reading, because it depends on the day of the request.
 */
export class CreditPortalPublicLists1732220000000 implements MigrationInterface {
  name = 'CreditPortalPublicLists1732220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_list_entries (
        list_entry_id  text PRIMARY KEY,
        subject_key    text NOT NULL,
        list           text NOT NULL CHECK (list IN ('BLACK', 'RED')),
        decided_on     date NOT NULL,
        valid_until    date,
        entry          jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX public_list_entries_list_idx ON public_list_entries (list, decided_on DESC, list_entry_id)`);
    await q.query(`CREATE INDEX public_list_entries_subject_idx ON public_list_entries (subject_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS public_list_entries`);
  }
}

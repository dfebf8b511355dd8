import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subjects named by double-publicity's penalty and licence records (from its events): a code used in
 * a record but not registered here counts in the code-quality report (`unregisteredSubjects`).
 */
export class SubjectRegistryRecordSubjectCodes1732180000100 implements MigrationInterface {
  name = 'SubjectRegistryRecordSubjectCodes1732180000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_subject_codes (
        subject_key   text PRIMARY KEY,
        masked_code   text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        event_id      uuid NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS record_subject_codes`);
  }
}

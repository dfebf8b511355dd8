import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit grade the check answers with: grading-supervision's latest grade of each subject, as
 * its grade-recomputed events bring it (a local read model: the check calls no other service).
 */
export class CreditCheckGrades1732200000900 implements MigrationInterface {
  name = 'CreditCheckGrades1732200000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_grades (
        subject_key    text PRIMARY KEY,
        grade          text NOT NULL,
        score          numeric NOT NULL,
        graded_at      timestamptz NOT NULL,
        event_id       text NOT NULL,
        stream_version int NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS subject_grades`);
  }
}

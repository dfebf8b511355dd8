import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State of the schedulers, in the read models they scan (so a restart resumes where it stopped):
 * when the repair-eligible reminder of a penalty was raised, when an objection was flagged overdue,
 * and the indexes of the two scans.
 */
export class DoublePublicitySchedules1732190000400 implements MigrationInterface {
  name = 'DoublePublicitySchedules1732190000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE penalties ADD COLUMN repair_eligible_on date`);
    await q.query(`ALTER TABLE objections ADD COLUMN overdue_on date`);
    await q.query(`CREATE INDEX penalties_published_maximum_idx ON penalties (maximum_until) WHERE publicity_status = 'PUBLISHED'`);
    await q.query(
      `CREATE INDEX penalties_reminder_due_idx ON penalties (minimum_until) WHERE publicity_status = 'PUBLISHED' AND repair_eligible_on IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS penalties_reminder_due_idx`);
    await q.query(`DROP INDEX IF EXISTS penalties_published_maximum_idx`);
    await q.query(`ALTER TABLE objections DROP COLUMN IF EXISTS overdue_on`);
    await q.query(`ALTER TABLE penalties DROP COLUMN IF EXISTS repair_eligible_on`);
  }
}

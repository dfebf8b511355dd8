import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the website has cleared of each approved repair: the penalty out of the page (or never on it)
 * and the list entries the repair exited. Both done → credit-portal acknowledges the repair once.
 */
export class CreditPortalRepairClearances1732230000000 implements MigrationInterface {
  name = 'CreditPortalRepairClearances1732230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE repair_clearances (
        application_id    text        PRIMARY KEY,
        subject_key       text        NOT NULL,
        target_type       text        NOT NULL,
        target_id         text        NOT NULL,
        publicity_cleared boolean     NOT NULL,
        lists_cleared     boolean     NOT NULL DEFAULT false,
        acknowledged_at   timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS repair_clearances`);
  }
}

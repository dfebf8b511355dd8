import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Commitments as signed (for the masked code of their subject), and proposals resting on commitments. */
export class CommitmentNominations1732200000300 implements MigrationInterface {
  name = 'CommitmentNominations1732200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE nomination_commitments (
        commitment_id text PRIMARY KEY,
        subject_key   text NOT NULL,
        masked_code   text NOT NULL
      )`);
    await q.query(`ALTER TABLE nomination_proposals ADD COLUMN commitment_ids text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE nomination_proposals DROP COLUMN IF EXISTS commitment_ids`);
    await q.query(`DROP TABLE IF EXISTS nomination_commitments`);
  }
}

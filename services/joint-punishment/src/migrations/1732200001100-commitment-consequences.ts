import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a breach of each commitment triggers, as its signature (commitment-signed v2) carried it from
 * the matter list (承诺事项清单): NONE, LIST_NOMINATION or GRADE_FACTOR. NULL for a commitment signed
 * without a listed matter (v1, or free-form), whose findings the COMMITMENT_OUTCOME rules judge as before.
 */
export class CommitmentConsequences1732200001100 implements MigrationInterface {
  name = 'CommitmentConsequences1732200001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE nomination_commitments ADD COLUMN consequence text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE nomination_commitments DROP COLUMN IF EXISTS consequence`);
  }
}

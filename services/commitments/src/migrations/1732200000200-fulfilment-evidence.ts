import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The evidence a finding rests on, as its event carries it (null: a finding recorded without evidence). */
export class FulfilmentEvidence1732200000200 implements MigrationInterface {
  name = 'FulfilmentEvidence1732200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE commitments ADD COLUMN outcome_evidence jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE commitments DROP COLUMN IF EXISTS outcome_evidence`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a 信用修复型 commitment ended without a finding (commitments.commitment-closed): EXPIRED or
 * WITHDRAWN, NULL while it has not been closed. A closed commitment no longer supports a repair.
 */
export class CommitmentClosures1732200000400 implements MigrationInterface {
  name = 'CommitmentClosures1732200000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_repair_commitments ADD COLUMN closure text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_repair_commitments DROP COLUMN IF EXISTS closure`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A fourth delivery target: the national and provincial 信易贷 platforms (credit-sharing's shares). */
export class CreditLoanTarget1796700000200 implements MigrationInterface {
  name = 'CreditLoanTarget1796700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_target_check`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_target_check CHECK (target IN ('credit-china', 'enterprise-publicity', 'shared-platform', 'credit-loan-platform'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_target_check`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_target_check CHECK (target IN ('credit-china', 'enterprise-publicity', 'shared-platform'))`);
  }
}

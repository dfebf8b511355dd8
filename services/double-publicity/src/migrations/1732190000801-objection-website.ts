import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the credit website showed what an upheld objection changed (credit-portal's website-updated). */
export class DoublePublicityObjectionWebsite1732190000801 implements MigrationInterface {
  name = 'DoublePublicityObjectionWebsite1732190000801';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections ADD COLUMN website_updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections DROP COLUMN IF EXISTS website_updated_at`);
  }
}

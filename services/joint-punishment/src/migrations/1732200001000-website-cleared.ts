import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the credit website stopped showing an exited entry (credit-portal's website-updated). */
export class WebsiteCleared1732200001000 implements MigrationInterface {
  name = 'WebsiteCleared1732200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE list_entries ADD COLUMN website_cleared_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE list_entries DROP COLUMN IF EXISTS website_cleared_at`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the other side answered when an effect of a repair failed (status FAILED). */
export class EffectFailures1732200000100 implements MigrationInterface {
  name = 'EffectFailures1732200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repair_effects ADD COLUMN error text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repair_effects DROP COLUMN error`);
  }
}

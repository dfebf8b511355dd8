import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The calendar an objection's due time was computed on (per year it spans, the published version or
 * 0 for a provisional year), so that a publication recomputes exactly the due times it changes.
 */
export class DoublePublicityObjectionCalendar1732190000800 implements MigrationInterface {
  name = 'DoublePublicityObjectionCalendar1732190000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections ADD COLUMN due_by_calendar jsonb, ADD COLUMN due_by_provisional boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections DROP COLUMN IF EXISTS due_by_calendar, DROP COLUMN IF EXISTS due_by_provisional`);
  }
}

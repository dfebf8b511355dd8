import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The calendar an application's due time was computed on, so that a publication recomputes exactly what it changes. */
export class DueByCalendar1732200000200 implements MigrationInterface {
  name = 'DueByCalendar1732200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repair_applications ADD COLUMN due_by_calendar jsonb, ADD COLUMN due_by_provisional boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repair_applications DROP COLUMN IF EXISTS due_by_calendar, DROP COLUMN IF EXISTS due_by_provisional`);
  }
}

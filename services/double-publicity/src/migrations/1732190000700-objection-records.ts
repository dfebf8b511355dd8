import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Objections to licence records too, and the correction an upheld objection applied. */
export class DoublePublicityObjectionRecords1732190000700 implements MigrationInterface {
  name = 'DoublePublicityObjectionRecords1732190000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections ADD COLUMN record_type text NOT NULL DEFAULT 'PENALTY'`);
    await q.query(`ALTER TABLE objections ADD COLUMN correction_event_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE objections DROP COLUMN IF EXISTS correction_event_id`);
    await q.query(`ALTER TABLE objections DROP COLUMN IF EXISTS record_type`);
  }
}

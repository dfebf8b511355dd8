import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Records withdrawn from publicity, so that an entry exits when the last of its basis records goes. */
export class WithdrawnRecords1732200000200 implements MigrationInterface {
  name = 'WithdrawnRecords1732200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE withdrawn_records (
        record_id    text PRIMARY KEY,
        subject_key  text NOT NULL,
        reason       text NOT NULL,
        withdrawn_on date NOT NULL,
        recorded_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS withdrawn_records`);
  }
}

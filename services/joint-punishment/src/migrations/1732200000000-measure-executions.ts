import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 跟踪反馈: the linkage units' execution reports, read by the monthly feedback. */
export class MeasureExecutions1732200000000 implements MigrationInterface {
  name = 'MeasureExecutions1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_executions (
        id            uuid PRIMARY KEY,
        list_entry_id text NOT NULL REFERENCES list_entries (id),
        measure_code  text NOT NULL,
        unit_code     text NOT NULL,
        outcome       text NOT NULL,
        note          text,
        reported_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX measure_executions_entry_idx ON measure_executions (list_entry_id, measure_code, unit_code)`);
    await q.query(`CREATE INDEX measure_executions_reported_idx ON measure_executions (reported_at)`);
    // The monthly feedback counts applications and lifts by the month they happened in.
    await q.query(`CREATE INDEX measure_applications_applied_idx ON measure_applications (applied_at)`);
    await q.query(`CREATE INDEX measure_applications_lifted_idx ON measure_applications (lifted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS measure_applications_lifted_idx, measure_applications_applied_idx`);
    await q.query(`DROP TABLE IF EXISTS measure_executions`);
  }
}

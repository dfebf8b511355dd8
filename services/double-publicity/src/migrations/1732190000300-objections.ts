import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of objections (异议) to published records, with their 5-working-day due time. */
export class DoublePublicityObjections1732190000300 implements MigrationInterface {
  name = 'DoublePublicityObjections1732190000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE objections (
        id               uuid PRIMARY KEY,
        record_id        uuid NOT NULL,
        subject_key      text NOT NULL,
        masked_code      text NOT NULL,
        source_unit_code text NOT NULL,
        reason           text NOT NULL,
        contact          text NOT NULL,
        filed_on         date NOT NULL,
        due_by           timestamptz NOT NULL,
        status           text NOT NULL,
        outcome          text,
        note             text,
        resolved_on      date,
        late             boolean,
        filed_at         timestamptz NOT NULL,
        resolved_at      timestamptz
      )`);
    await q.query(`CREATE INDEX objections_record_idx ON objections (record_id)`);
    await q.query(`CREATE INDEX objections_open_due_idx ON objections (due_by) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS objections`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of licence records (行政许可), fed by the service's own events in the append transaction. */
export class DoublePublicityLicenses1732190000200 implements MigrationInterface {
  name = 'DoublePublicityLicenses1732190000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE licenses (
        id               uuid PRIMARY KEY,
        subject_key      text NOT NULL,
        decision_number  text NOT NULL,
        authority_code   text NOT NULL,
        source_unit_code text NOT NULL,
        decided_on       date NOT NULL,
        timely           boolean NOT NULL,
        record           jsonb NOT NULL,
        recorded_at      timestamptz NOT NULL,
        stream_version   int NOT NULL,
        -- One decision of one authority is one record (api-contract: duplicate → 409).
        CONSTRAINT licenses_decision_unique UNIQUE (authority_code, decision_number)
      )`);
    await q.query(`CREATE INDEX licenses_subject_idx ON licenses (subject_key)`);
    await q.query(`CREATE INDEX licenses_source_unit_idx ON licenses (source_unit_code, decided_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS licenses`);
  }
}

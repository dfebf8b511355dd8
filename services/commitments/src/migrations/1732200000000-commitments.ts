import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of commitments, fed by this service's own events in the append transaction. */
export class Commitments1732200000000 implements MigrationInterface {
  name = 'Commitments1732200000000';

  async up(q: QueryRunner): Promise<void> {
    // No clear ID number here: natural persons are kept as subject key + masked code.
    await q.query(`
      CREATE TABLE commitments (
        id                   text PRIMARY KEY,
        subject_key          text NOT NULL,
        subject_kind         text NOT NULL,
        subject_code         text,
        masked_code          text NOT NULL,
        type                 text NOT NULL,
        matter               text NOT NULL,
        text                 text NOT NULL,
        signed_on            date NOT NULL,
        valid_until          date,
        public               boolean NOT NULL,
        accepting_unit_name  text NOT NULL,
        accepting_unit_code  text NOT NULL,
        outcome              text,
        outcome_note         text,
        decided_on           date,
        signed_at            timestamptz NOT NULL,
        stream_version       int NOT NULL
      )`);
    await q.query(`CREATE INDEX commitments_subject_idx ON commitments (subject_key, signed_on DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS commitments`);
  }
}

export const commitmentsMigrations = [Commitments1732200000000];

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model of other administrative action records (行政强制, 行政确认, …), fed by the service's own
 * events in the append transaction; penalties' and licences' matters live in their record documents.
 */
export class DoublePublicityAdministrativeActions1732190000600 implements MigrationInterface {
  name = 'DoublePublicityAdministrativeActions1732190000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE administrative_actions (
        id               uuid PRIMARY KEY,
        subject_key      text NOT NULL,
        action_type      text NOT NULL,
        decision_number  text NOT NULL,
        authority_code   text NOT NULL,
        source_unit_code text NOT NULL,
        decided_on       date NOT NULL,
        timely           boolean NOT NULL,
        record           jsonb NOT NULL,
        recorded_at      timestamptz NOT NULL,
        stream_version   int NOT NULL,
        -- One decision of one authority is one record of its action type (duplicate → 409).
        CONSTRAINT administrative_actions_decision_unique UNIQUE (action_type, authority_code, decision_number)
      )`);
    await q.query(`CREATE INDEX administrative_actions_subject_idx ON administrative_actions (subject_key, decided_on)`);
    await q.query(`CREATE INDEX administrative_actions_source_unit_idx ON administrative_actions (source_unit_code, decided_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS administrative_actions`);
  }
}

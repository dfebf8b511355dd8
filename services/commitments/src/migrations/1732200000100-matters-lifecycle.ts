import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The list of commitment matters (承诺事项清单), every version kept, and the lifecycle of a
 * commitment: the matter it was signed under, the verification due, who decided its end and when.
 */
export class MattersLifecycle1732200000100 implements MigrationInterface {
  name = 'MattersLifecycle1732200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commitment_matters (
        department_code           text NOT NULL,
        code                      text NOT NULL,
        matter_version            int NOT NULL,
        department_name           text NOT NULL,
        name                      text NOT NULL,
        type                      text NOT NULL,
        legal_basis               text NOT NULL,
        template                  text NOT NULL,
        verification_working_days int NOT NULL,
        evidence_required         jsonb NOT NULL,
        consequence_on_breach     text NOT NULL,
        public                    boolean NOT NULL,
        registered_at             timestamptz NOT NULL,
        event_id                  text NOT NULL,
        PRIMARY KEY (department_code, code, matter_version)
      )`);
    await q.query(`
      ALTER TABLE commitments
        ADD COLUMN matter_department_code    text,
        ADD COLUMN matter_code               text,
        ADD COLUMN matter_version            int,
        ADD COLUMN verification_working_days int,
        ADD COLUMN verification_due_on       date,
        ADD COLUMN verification_provisional  boolean,
        ADD COLUMN evidence_required         jsonb,
        ADD COLUMN consequence_on_breach     text,
        ADD COLUMN closed_status             text,
        ADD COLUMN closure_reason            text,
        ADD COLUMN decided_by_unit           text,
        ADD COLUMN decided_by_user           text,
        ADD COLUMN decided_at                timestamptz`);
    // The accepting unit's work queue: its commitments in force, the verification due first.
    await q.query(`CREATE INDEX commitments_work_queue_idx ON commitments (accepting_unit_code, verification_due_on) WHERE outcome IS NULL AND closed_status IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS commitments_work_queue_idx`);
    await q.query(`
      ALTER TABLE commitments
        DROP COLUMN matter_department_code, DROP COLUMN matter_code, DROP COLUMN matter_version, DROP COLUMN verification_working_days,
        DROP COLUMN verification_due_on, DROP COLUMN verification_provisional, DROP COLUMN evidence_required, DROP COLUMN consequence_on_breach,
        DROP COLUMN closed_status, DROP COLUMN closure_reason, DROP COLUMN decided_by_unit, DROP COLUMN decided_by_user, DROP COLUMN decided_at`);
    await q.query(`DROP TABLE IF EXISTS commitment_matters`);
  }
}

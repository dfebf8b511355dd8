import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of joint-punishment, fed by its own events in the append transaction. */
export class JointPunishment1732190000000 implements MigrationInterface {
  name = 'JointPunishment1732190000000';

  async up(q: QueryRunner): Promise<void> {
    // The measure catalog (措施清单): one row per measure-defined event.
    await q.query(`
      CREATE TABLE measures (
        code           text PRIMARY KEY,
        name           text NOT NULL,
        kind           text NOT NULL,
        applies_to     text NOT NULL,
        category       text,
        unit_codes     text[] NOT NULL,
        scenarios      text[] NOT NULL,
        legal_basis    text NOT NULL,
        defined_at     timestamptz NOT NULL,
        stream_version int NOT NULL
      )`);
    await q.query(`CREATE INDEX measures_applies_to_idx ON measures (applies_to)`);
    // Red and black list entries. A natural person appears only by subject key and masked code.
    await q.query(`
      CREATE TABLE list_entries (
        id                    text PRIMARY KEY,
        subject_key           text NOT NULL,
        subject_code          text,
        masked_code           text NOT NULL,
        list                  text NOT NULL,
        category              text NOT NULL,
        record_ids            text[] NOT NULL,
        document              text NOT NULL,
        initiating_unit_name  text NOT NULL,
        initiating_unit_code  text NOT NULL,
        decided_on            date NOT NULL,
        valid_until           date,
        status                text NOT NULL,
        created_at            timestamptz NOT NULL,
        exited_at             timestamptz,
        exited_on             date,
        exit_trigger          text,
        exit_reason           text,
        repair_application_id text,
        stream_version        int NOT NULL
      )`);
    await q.query(`CREATE INDEX list_entries_subject_idx ON list_entries (subject_key, status)`);
    // Finds the entries resting on a penalty record when that record is repaired or withdrawn.
    await q.query(`CREATE INDEX list_entries_record_ids_idx ON list_entries USING gin (record_ids)`);
    // Each measure applied to a listed subject by one linkage unit, and whether it was lifted.
    await q.query(`
      CREATE TABLE measure_applications (
        list_entry_id text NOT NULL REFERENCES list_entries (id),
        measure_code  text NOT NULL,
        unit_code     text NOT NULL,
        status        text NOT NULL,
        applied_at    timestamptz NOT NULL,
        lifted_at     timestamptz,
        PRIMARY KEY (list_entry_id, measure_code, unit_code)
      )`);
    // 逢办必查: every credit check, who asked, for which workflow, and the answer given.
    await q.query(`
      CREATE TABLE credit_checks (
        id              uuid PRIMARY KEY,
        subject_key     text NOT NULL,
        scenario        text NOT NULL,
        department_code text NOT NULL,
        user_name       text,
        correlation_id  text,
        answer          jsonb NOT NULL,
        checked_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX credit_checks_subject_idx ON credit_checks (subject_key, checked_at)`);
    await q.query(`CREATE INDEX credit_checks_department_idx ON credit_checks (department_code, checked_at)`);
    // What the caller did with a check's answer (奖惩到位: the result and its use are recorded).
    await q.query(`
      CREATE TABLE credit_check_uses (
        id              bigserial PRIMARY KEY,
        check_id        uuid NOT NULL REFERENCES credit_checks (id),
        department_code text NOT NULL,
        decision        text NOT NULL,
        note            text,
        recorded_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX credit_check_uses_check_idx ON credit_check_uses (check_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS credit_check_uses, credit_checks, measure_applications, list_entries, measures`);
  }
}

export const jointPunishmentMigrations = [JointPunishment1732190000000];

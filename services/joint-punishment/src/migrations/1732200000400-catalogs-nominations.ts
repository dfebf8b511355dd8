import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The versioned catalogs of list categories and linkage units, the subjects this service has seen,
 * nominations under review, acknowledged lifts and the compiled monthly reports.
 */
export class CatalogsNominations1732200000400 implements MigrationInterface {
  name = 'CatalogsNominations1732200000400';

  async up(q: QueryRunner): Promise<void> {
    // Every version of every list category (名单类别); the current one is the highest version.
    await q.query(`
      CREATE TABLE list_category_versions (
        code                       text NOT NULL,
        version                    int NOT NULL,
        name                       text NOT NULL,
        list                       text NOT NULL,
        legal_basis                text NOT NULL,
        deciding_unit_kinds        text[],
        earliest_exit_after_months int,
        auto_exit_after_months     int,
        defined_at                 timestamptz NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    // Every version of every linkage unit (联动单位).
    await q.query(`
      CREATE TABLE linkage_unit_versions (
        code       text NOT NULL,
        version    int NOT NULL,
        name       text NOT NULL,
        contact    text,
        defined_at timestamptz NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    // Subjects seen on credit.subject-events (registered, penalised, committed): a nomination names one of them.
    await q.query(`
      CREATE TABLE known_subjects (
        subject_key   text PRIMARY KEY,
        masked_code   text NOT NULL,
        first_seen_at timestamptz NOT NULL
      )`);
    // 认定发起 → review: nominations and their decision.
    await q.query(`
      CREATE TABLE nominations (
        id                     uuid PRIMARY KEY,
        subject_key            text NOT NULL,
        subject_code           text,
        masked_code            text NOT NULL,
        list                   text NOT NULL,
        category               text NOT NULL,
        record_ids             text[] NOT NULL,
        documents              jsonb NOT NULL,
        deciding_unit_code     text NOT NULL,
        deciding_unit_name     text NOT NULL,
        decided_on             date NOT NULL,
        valid_until            date,
        proposal_id            uuid,
        status                 text NOT NULL,
        submitted_by           text NOT NULL,
        submitted_at           timestamptz NOT NULL,
        reviewed_by_department text,
        reviewed_by            text,
        reviewed_at            timestamptz,
        review_note            text,
        list_entry_id          text,
        stream_version         int NOT NULL
      )`);
    await q.query(`CREATE INDEX nominations_status_idx ON nominations (status, submitted_at)`);
    await q.query(`ALTER TABLE nomination_proposals ADD COLUMN nomination_id uuid`);
    // The correlation id of the exit that lifted a measure, and the linkage unit's acknowledgement of the lift.
    await q.query(`ALTER TABLE measure_applications ADD COLUMN lift_correlation_id text, ADD COLUMN acknowledged_at timestamptz`);
    // One compiled report per month (the primary key makes the compilation happen once).
    await q.query(`
      CREATE TABLE monthly_feedback_reports (
        month       text PRIMARY KEY,
        event_id    text NOT NULL,
        report      jsonb NOT NULL,
        compiled_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS monthly_feedback_reports, nominations, known_subjects, linkage_unit_versions, list_category_versions`);
    await q.query(`ALTER TABLE measure_applications DROP COLUMN IF EXISTS lift_correlation_id, DROP COLUMN IF EXISTS acknowledged_at`);
    await q.query(`ALTER TABLE nomination_proposals DROP COLUMN IF EXISTS nomination_id`);
  }
}

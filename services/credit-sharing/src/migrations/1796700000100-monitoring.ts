import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collection and credit monitoring: the 双公示 records collected (from double-publicity's events),
 * refused batch items, the departments' catalogs, the warnings raised and the monthly reports.
 */
export class Monitoring1796700000100 implements MigrationInterface {
  name = 'Monitoring1796700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collected_records (
        record_id        text PRIMARY KEY,
        kind             text NOT NULL,
        department_code  text NOT NULL,
        authority_code   text,
        matter_code      text,
        subject_key      text,
        subject_kind     text,
        masked_code      text,
        decided_on       date NOT NULL,
        severity         text,
        collected_month  text NOT NULL,
        timely           boolean NOT NULL,
        corrected        boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX collected_records_department ON collected_records (department_code, collected_month)`);
    await q.query(`CREATE INDEX collected_records_authority ON collected_records (authority_code, collected_month) WHERE kind = 'PENALTY'`);
    await q.query(`CREATE INDEX collected_records_subject ON collected_records (subject_key, decided_on) WHERE kind = 'PENALTY'`);
    await q.query(`
      CREATE TABLE refused_intake (
        event_id         text PRIMARY KEY,
        department_code  text NOT NULL,
        kind             text NOT NULL,
        month            text NOT NULL,
        refused          int NOT NULL
      )`);
    await q.query(`CREATE INDEX refused_intake_department ON refused_intake (department_code, month)`);
    await q.query(`
      CREATE TABLE monitored_catalog (
        department_code  text NOT NULL,
        code             text NOT NULL,
        kind             text NOT NULL,
        PRIMARY KEY (department_code, code)
      )`);
    await q.query(`
      CREATE TABLE warnings (
        id                    text PRIMARY KEY,
        rule                  text NOT NULL,
        rule_version          int NOT NULL,
        responsible_unit_code text NOT NULL,
        subject_kind          text,
        masked_code           text,
        period                text NOT NULL,
        detail                text NOT NULL,
        figures               jsonb NOT NULL,
        raised_on             date NOT NULL,
        raised_at             timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX warnings_unit ON warnings (responsible_unit_code, raised_at DESC)`);
    await q.query(`
      CREATE TABLE monitoring_reports (
        month        text PRIMARY KEY,
        compiled_on  date NOT NULL,
        report       jsonb NOT NULL,
        compiled_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['monitoring_reports', 'warnings', 'monitored_catalog', 'refused_intake', 'collected_records']) await q.query(`DROP TABLE ${table}`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SubjectRegistryRecordSubjectCodes1732180000100 } from './1732180000100-record-subject-codes';

/** Read models of the subject registry, fed by its own events in the append transaction. */
export class SubjectRegistry1732180000000 implements MigrationInterface {
  name = 'SubjectRegistry1732180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subjects (
        subject_key            text PRIMARY KEY,
        kind                   text NOT NULL,
        code                   text UNIQUE,
        masked_code            text NOT NULL,
        name                   text NOT NULL,
        legal_representative   text,
        registered_on          date,
        registration_authority text,
        registered_at          timestamptz NOT NULL,
        stream_version         int NOT NULL
      )`);
    await q.query(`CREATE INDEX subjects_name_idx ON subjects (name)`);
    await q.query(`
      CREATE TABLE subject_legacy_codes (
        scheme      text NOT NULL,
        value       text NOT NULL,
        subject_key text NOT NULL REFERENCES subjects (subject_key),
        added_at    timestamptz NOT NULL,
        PRIMARY KEY (scheme, value)
      )`);
    await q.query(`CREATE INDEX subject_legacy_codes_value_idx ON subject_legacy_codes (value)`);
    // The only place a natural person's ID number is kept: AES-256-GCM ciphertext, key from the environment.
    await q.query(`
      CREATE TABLE natural_person_vault (
        subject_key   text PRIMARY KEY,
        id_ciphertext text NOT NULL,
        stored_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // 重错码 findings: duplicates come from events; invalid codes from refused submissions
    // (kept masked, counted per distinct code, never in the event store).
    await q.query(`
      CREATE TABLE code_quality_findings (
        id           bigserial PRIMARY KEY,
        finding      text NOT NULL,
        code         text NOT NULL,
        subject_key  text,
        field        text NOT NULL,
        detail       text NOT NULL,
        event_id     uuid UNIQUE,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX code_quality_findings_finding_idx ON code_quality_findings (finding, code)`);
    // Every non-public read of a natural person's clear ID number.
    await q.query(`
      CREATE TABLE pii_access_audit (
        id              bigserial PRIMARY KEY,
        subject_key     text NOT NULL,
        department_code text NOT NULL,
        user_name       text,
        roles           text[] NOT NULL,
        purpose         text NOT NULL,
        correlation_id  text,
        accessed_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS pii_access_audit, code_quality_findings, natural_person_vault, subject_legacy_codes, subjects`);
  }
}

export const subjectRegistryMigrations = [SubjectRegistry1732180000000, SubjectRegistryRecordSubjectCodes1732180000100];

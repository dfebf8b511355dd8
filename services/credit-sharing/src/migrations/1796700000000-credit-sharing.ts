import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * credit-sharing's read models: supporting information (信易贷支撑信息), authorizations, the queries
 * made under them, loan outcomes, and the public subject view folded from the subject events.
 */
export class CreditSharing1796700000000 implements MigrationInterface {
  name = 'CreditSharing1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supporting_records (
        id                text PRIMARY KEY,
        subject_key       text NOT NULL,
        subject_kind      text NOT NULL,
        masked_code       text NOT NULL,
        subject_name      text NOT NULL,
        category          text NOT NULL,
        status            text NOT NULL,
        source_reference  text NOT NULL,
        period            text,
        tax_grade         text,
        amount            numeric(15, 2),
        description       text NOT NULL,
        recorded_on       date NOT NULL,
        valid_until       date,
        source_unit_name  text NOT NULL,
        source_unit_code  text NOT NULL,
        received_at       timestamptz NOT NULL,
        UNIQUE (source_unit_code, category, source_reference)
      )`);
    await q.query(`CREATE INDEX supporting_records_subject ON supporting_records (subject_key, category, recorded_on DESC)`);
    await q.query(`
      CREATE TABLE authorizations (
        id                        text PRIMARY KEY,
        subject_key               text NOT NULL,
        subject_kind              text NOT NULL,
        masked_code               text NOT NULL,
        institution_name          text NOT NULL,
        institution_code          text NOT NULL,
        purpose                   text NOT NULL,
        categories                jsonb NOT NULL,
        valid_from                date NOT NULL,
        valid_until               date NOT NULL,
        deliver_to_loan_platforms boolean NOT NULL,
        channel                   text NOT NULL,
        channel_unit_code         text NOT NULL,
        granted_at                timestamptz NOT NULL,
        revoked_on                date,
        revocation_reason         text,
        stream_version            int NOT NULL
      )`);
    await q.query(`CREATE INDEX authorizations_subject ON authorizations (subject_key, granted_at DESC)`);
    await q.query(`CREATE INDEX authorizations_institution ON authorizations (institution_code, subject_key)`);
    await q.query(`
      CREATE TABLE shared_queries (
        id                text PRIMARY KEY,
        authorization_id  text NOT NULL,
        subject_key       text NOT NULL,
        institution_code  text NOT NULL,
        purpose           text NOT NULL,
        returned          jsonb NOT NULL,
        record_ids        jsonb NOT NULL,
        queried_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX shared_queries_authorization ON shared_queries (authorization_id, queried_at DESC)`);
    await q.query(`
      CREATE TABLE financing_outcomes (
        id                text PRIMARY KEY,
        authorization_id  text NOT NULL,
        subject_key       text NOT NULL,
        institution_code  text NOT NULL,
        outcome           text NOT NULL,
        loan_kind         text NOT NULL,
        amount            numeric(15, 2) NOT NULL,
        decided_on        date NOT NULL,
        reported_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX financing_outcomes_decided ON financing_outcomes (decided_on)`);
    await q.query(`
      CREATE TABLE sharing_subject_views (
        subject_key text PRIMARY KEY,
        state       jsonb NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sharing_subject_views', 'financing_outcomes', 'shared_queries', 'authorizations', 'supporting_records']) await q.query(`DROP TABLE ${table}`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit reports the website issued (公共信用信息报告): one row per report, what verification
 * confirms (GET /public/reports/{number}/verify): the number, the subject (by its key, and as the
 * report shows it, masked), the purpose, the content hash and the issue instant.
 */
export class CreditPortalCreditReports1732240000000 implements MigrationInterface {
  name = 'CreditPortalCreditReports1732240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_reports (
        number             text        PRIMARY KEY,
        subject_key        text        NOT NULL,
        subject            jsonb       NOT NULL,
        purpose            text        NOT NULL,
        format             text        NOT NULL CHECK (format IN ('JSON', 'PDF')),
        content_hash       text        NOT NULL,
        verification_code  text        NOT NULL,
        as_of              timestamptz,
        issued_at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX credit_reports_subject_idx ON credit_reports (subject_key, issued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS credit_reports`);
  }
}

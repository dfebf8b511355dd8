/** The issued credit reports (credit_reports), written and read. */
import type { DataSource, EntityManager } from 'typeorm';
import type { IssuedReport } from './credit-report';

type Db = DataSource | EntityManager;

export interface StoredReport {
  number: string;
  subject: { name: string | null; kind: string | null; code: string };
  purpose: string;
  format: 'JSON' | 'PDF';
  contentHash: string;
  verificationCode: string;
  asOf: string | null;
  issuedAt: string;
}

export async function insertReport(db: Db, subjectKey: string, report: IssuedReport, format: 'JSON' | 'PDF'): Promise<void> {
  await db.query(
    `INSERT INTO credit_reports (number, subject_key, subject, purpose, format, content_hash, verification_code, as_of, issued_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9)`,
    [report.number, subjectKey, JSON.stringify(report.subject), report.purpose, format, report.contentHash, report.verificationCode, report.asOf, report.issuedAt],
  );
}

export async function findReport(db: Db, number: string): Promise<StoredReport | undefined> {
  const [row]: any[] = await db.query(
    `SELECT number, subject, purpose, format, content_hash, verification_code, as_of, issued_at FROM credit_reports WHERE number = $1`,
    [number],
  );
  if (!row) return undefined;
  return {
    number: row.number,
    subject: row.subject,
    purpose: row.purpose,
    format: row.format,
    contentHash: row.content_hash,
    verificationCode: row.verification_code,
    asOf: row.as_of ? new Date(row.as_of).toISOString() : null,
    issuedAt: new Date(row.issued_at).toISOString(),
  };
}

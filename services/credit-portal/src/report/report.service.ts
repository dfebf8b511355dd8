import { todayInShanghai } from '@credit/domain-kernel';
import { NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findSubjectState, latestEventAt } from '../public/public.repository';
import { PublicService } from '../public/public.service';
import { composeReport, contentHashOf, issueReport, newReportNumber, REPORT_NUMBER_SHAPE, type IssuedReport, type ReportContent, type ReportPurpose } from './credit-report';
import { findReport, insertReport } from './report.repository';

export interface ComposedReport {
  subjectKey: string;
  content: ReportContent;
  contentHash: string;
  /** The latest record the report reflects. */
  latestRecord: Date | null;
}

@Injectable()
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly portal: PublicService,
  ) {}

  /** The report's content for a subject today (not yet issued: no number); 404 when the website shows no such subject. */
  async compose(code: string, purpose: ReportPurpose): Promise<ComposedReport> {
    const subject = this.portal.subjectOf(code);
    const row = subject && (await findSubjectState(this.dataSource, subject.subjectKey));
    // The path may hold a clear ID number: the answer never echoes it.
    if (!subject || !row) throw new NotFoundProblem('no subject with this code is shown on the credit website');
    const latestRecord = await latestEventAt(this.dataSource, subject.subjectKey);
    const content = composeReport(row.state, { purpose, today: todayInShanghai(), asOf: latestRecord?.toISOString() ?? null });
    if (!content) throw new NotFoundProblem('no subject with this code is shown on the credit website');
    return { subjectKey: subject.subjectKey, content, contentHash: contentHashOf(content), latestRecord };
  }

  /** Gives the content a number and keeps the report (number, subject, purpose, content hash, issue instant). */
  async issue(composed: ComposedReport, format: 'JSON' | 'PDF'): Promise<IssuedReport> {
    const now = new Date();
    const report = issueReport(composed.content, newReportNumber(todayInShanghai(now)), now.toISOString());
    await insertReport(this.dataSource, composed.subjectKey, report, format);
    return report;
  }

  /**
   * What the platform recorded of a report: 404 for a number it never issued. With `hash` (the
   * content hash or the verification code printed on the report), `valid` says whether it matches.
   */
  async verify(number: string, hash?: string) {
    const stored = REPORT_NUMBER_SHAPE.test(number) ? await findReport(this.dataSource, number) : undefined;
    if (!stored) throw new NotFoundProblem('no credit report with this number was issued');
    if (hash === undefined) return stored;
    const given = hash.trim().toLowerCase();
    return { ...stored, valid: given === stored.contentHash || given === stored.verificationCode.toLowerCase() };
  }
}

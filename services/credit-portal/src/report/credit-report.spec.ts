import { foldSubjectEvents, publicPublications, type PortalEvent } from '../public/subject-view.projection';
import { canonicalJson, composeReport, contentHashOf, issueReport, newReportNumber, REPORT_NUMBER_SHAPE, verificationCodeOf } from './credit-report';
import { renderReportPdf } from './report-pdf';

const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };

const registered = (kind = 'LEGAL_PERSON', name = '南宁市示例科技有限公司', maskedCode = '91450100MA5K12347C'): PortalEvent => ({
  type: 'subject-registry.subject-registered',
  data: { kind, code: kind === 'NATURAL_PERSON' ? null : maskedCode, maskedCode, name, legalRepresentative: '李四', registeredOn: '2020-01-02', registrationAuthority: '南宁市市场监督管理局' },
});
const penalty = (penaltyId: string, maximumUntil = '2028-03-01'): PortalEvent => ({
  type: 'double-publicity.penalty-published',
  data: {
    penaltyId,
    decisionNumber: `南市监罚〔2025〕${penaltyId}号`,
    subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C', name: '南宁市示例科技有限公司' },
    violationType: '虚假宣传',
    violationFacts: '发布虚假广告',
    basis: '《广告法》第五十五条',
    categories: ['罚款'],
    content: '罚款',
    fineAmount: '5000.00',
    decidedOn: '2025-03-01',
    authority: UNIT,
    publicity: { status: 'PUBLISHED', regime: 'r', from: '2025-03-01', minimumUntil: '2025-06-01', maximumUntil },
  },
});
const listEntry = (listEntryId: string, list: 'BLACK' | 'RED', validUntil?: string): PortalEvent => ({
  type: 'joint-punishment.list-entry-created',
  data: { listEntryId, list, category: 'M', basis: { recordIds: [], document: '认定书' }, initiatingUnit: UNIT, decidedOn: '2025-03-04', ...(validUntil && { validUntil }) },
});
const commitment = (commitmentId: string, extra: object = {}): PortalEvent => ({
  type: 'commitments.commitment-signed',
  data: { commitmentId, public: true, type: 'CERTIFICATION', matter: '证明事项', signedOn: '2025-03-01', acceptingUnit: UNIT, ...extra },
});
const license: PortalEvent = {
  type: 'double-publicity.license-published',
  data: {
    licenseId: 'lic-1',
    decisionNumber: '南市监许〔2025〕1号',
    licenseName: '食品经营许可证',
    licenseType: '普通',
    content: '食品销售',
    decidedOn: '2025-02-01',
    validFrom: '2025-02-01',
    authority: UNIT,
  },
};
const grade: PortalEvent = {
  type: 'grading-supervision.grade-recomputed',
  data: { score: 72, grade: 'B', previousGrade: null, factors: [{ source: 'double-publicity.penalty-published', recordId: 'p1', effect: -8 }], triggerEventId: 'x', triggerType: 't' },
};

const everything = () =>
  foldSubjectEvents([
    registered(),
    license,
    penalty('p1'),
    penalty('p2'),
    penalty('p3', '2025-12-31'),
    { type: 'double-publicity.penalty-publicity-withdrawn', data: { penaltyId: 'p2', reason: 'REPAIR', withdrawnOn: '2025-05-01' } },
    listEntry('b1', 'BLACK'),
    listEntry('b2', 'BLACK'),
    { type: 'joint-punishment.list-entry-exited', data: { listEntryId: 'b2', trigger: 'REPAIR', reason: 'r', exitedOn: '2025-05-01' } },
    listEntry('r1', 'RED'),
    listEntry('r2', 'RED', '2025-12-31'),
    commitment('c1'),
    { type: 'commitments.commitment-fulfilment-recorded', data: { commitmentId: 'c1', outcome: 'FULFILLED', note: 'n', decidedOn: '2025-06-01' } },
    commitment('c2'),
    { type: 'commitments.commitment-closed', data: { commitmentId: 'c2', status: 'WITHDRAWN', reason: 'r', decidedOn: '2025-06-01' } },
    commitment('c3'),
    { type: 'commitments.commitment-closed', data: { commitmentId: 'c3', status: 'EXPIRED', reason: 'r', decidedOn: '2025-06-01' } },
    commitment('c4', { public: false }),
    grade,
  ]);

const today = '2026-01-05';
const asOf = '2026-01-04T10:00:00.000Z';

describe('credit report composition', () => {
  it('GENERAL: every section; repaired, expired, exited and closed records absent', () => {
    const report = composeReport(everything(), { purpose: 'GENERAL', today, asOf })!;
    expect(report.sections.map((s) => s.code)).toEqual(['REGISTRATION', 'LICENSES', 'PENALTIES', 'LISTS', 'COMMITMENTS', 'GRADE']);
    expect(report.subject).toEqual({ name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C' });
    expect(report.registration).toEqual({ legalRepresentative: '李四', registeredOn: '2020-01-02', registrationAuthority: '南宁市市场监督管理局', fromRegistry: true });
    expect(report.licenses!.map((l) => l.id)).toEqual(['lic-1']);
    expect(report.penalties!.map((p) => p.id)).toEqual(['p1']);
    expect(report.penalties![0].publicity).toEqual({ from: '2025-03-01', until: '2028-03-01' });
    expect(report.lists!.map((l) => l.id)).toEqual(['b1', 'r1']);
    expect(report.commitments).toEqual([expect.objectContaining({ id: 'c1', fulfilment: 'FULFILLED' })]);
    expect(report.grade).toEqual({ score: 72, grade: 'B', ruleVersion: 1, factors: [{ source: 'double-publicity.penalty-published', recordId: 'p1', effect: -8 }] });
    expect(report.notShown.map((n) => n.code)).toEqual(['REPAIRED', 'REVOKED', 'EXPIRED', 'COMMITMENTS', 'MASKING']);
    expect(report.asOf).toBe(asOf);
  });

  it('HONOURS leaves out licences and says so', () => {
    const report = composeReport(everything(), { purpose: 'HONOURS', today, asOf })!;
    expect(report.licenses).toBeUndefined();
    expect(report.lists!.map((l) => l.id)).toEqual(['b1', 'r1']);
    expect(report.notShown.find((n) => n.code === 'PURPOSE')!.text).toContain('行政许可信息');
  });

  it.each(['GOVERNMENT_PROCUREMENT', 'TENDERING'] as const)('%s shows the black list only', (purpose) => {
    const report = composeReport(everything(), { purpose, today, asOf })!;
    expect(report.lists!.map((l) => l.id)).toEqual(['b1']);
    expect(report.licenses!.map((l) => l.id)).toEqual(['lic-1']);
    expect(report.notShown.map((n) => n.code)).toContain('PURPOSE_LISTS');
  });

  it('masks a natural person and shows no legal representative; grade null when unknown', () => {
    const report = composeReport(foldSubjectEvents([registered('NATURAL_PERSON', '张三', '450102********1238')]), { purpose: 'GENERAL', today, asOf: null })!;
    expect(report.subject).toEqual({ name: '张*', kind: 'NATURAL_PERSON', code: '450102********1238' });
    expect(report.registration).toEqual({ registeredOn: '2020-01-02', registrationAuthority: '南宁市市场监督管理局', fromRegistry: true });
    expect(report.grade).toBeNull();
  });

  it('has no report for a subject the website does not show', () => {
    expect(composeReport(foldSubjectEvents([]), { purpose: 'GENERAL', today, asOf: null })).toBeNull();
  });

  it('hashes the same content the same way whatever the key order, and issues numbered, verifiable reports', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const content = composeReport(everything(), { purpose: 'GENERAL', today, asOf })!;
    const again = composeReport(JSON.parse(JSON.stringify(everything())), { purpose: 'GENERAL', today, asOf })!;
    expect(contentHashOf(again)).toBe(contentHashOf(content));
    expect(contentHashOf(composeReport(everything(), { purpose: 'HONOURS', today, asOf })!)).not.toBe(contentHashOf(content));
    const number = newReportNumber('2026-01-05');
    expect(number).toMatch(REPORT_NUMBER_SHAPE);
    expect(number.startsWith('CR20260105-')).toBe(true);
    const issued = issueReport(content, number, '2026-01-05T02:00:00.000Z');
    expect(issued.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.verificationCode).toBe(verificationCodeOf(number, issued.contentHash));
    expect(issued.verificationCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  });

  it('gives the publication-list rows of a subject: penalties not withdrawn, licences, the subject as shown', () => {
    const rows = publicPublications(everything());
    expect(rows.penalties.map((p) => p.entry.id).sort()).toEqual(['p1', 'p3']);
    expect(rows.penalties[0].entry.subject).toEqual({ name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C' });
    expect(rows.licenses.map((l) => l.entry.id)).toEqual(['lic-1']);
    expect(publicPublications(foldSubjectEvents([]))).toEqual({ penalties: [], licenses: [] });
  });

  it('renders a PDF with the CJK font embedded', async () => {
    const content = composeReport(everything(), { purpose: 'GENERAL', today, asOf })!;
    const pdf = await renderReportPdf(issueReport(content, newReportNumber(today), '2026-01-05T02:00:00.000Z'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
    expect(text).toContain('/FontFile2');
  });
});

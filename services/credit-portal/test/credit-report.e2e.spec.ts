/**
 * The credit report and cache-friendly public answers, as the public meets them: the compiled
 * service in its own process consuming credit.subject-events on a throwaway database, events
 * published here as their producers publish them, read over HTTP without a token.
 * Build first (`npm run build`, or `npx tsc -b services/credit-portal`).
 */
import type {
  CommitmentClosedV1,
  CommitmentSignedV1,
  EventEnvelope,
  GradeRecomputedV1,
  LicensePublishedV1,
  ListEntryCreatedV1,
  PenaltyPublicityWithdrawnV1,
  PenaltyPublishedV1,
  PenaltySubject,
  SubjectRegisteredV1,
} from '@credit/contracts';
import { maskIdNumber, SubjectKind, subjectKeyFor } from '@credit/domain-kernel';
import {
  createTestDatabase,
  devEnv,
  freshCitizenId,
  freshUscc,
  queryDatabase,
  ServiceProcess,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
  waitFor,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };
const CONSUMED_WITHIN = { timeoutMs: 90_000, intervalMs: 250 };

describe('credit-portal: credit reports and conditional GETs', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let publisher: TestEventPublisher;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}/api/v1/public${path}`, { headers });
  const getJson = async (path: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const envelope = <T>(subjectKey: string, type: string, stream: string, data: T) => testEnvelope({ type, subjectKey, stream, data });
  const publish = (...events: EventEnvelope[]) => publisher.publish(...events);

  const registered = (subjectKey: string, data: Omit<SubjectRegisteredV1, 'legacyCodes'>) =>
    envelope<SubjectRegisteredV1>(subjectKey, 'subject-registry.subject-registered', `subject-${subjectKey}`, { ...data, legacyCodes: [] });
  const penalty = (subjectKey: string, subject: PenaltySubject, maximumUntil = '2099-06-02') => {
    const penaltyId = randomUUID();
    return envelope<PenaltyPublishedV1>(subjectKey, 'double-publicity.penalty-published', `penalty-${penaltyId}`, {
      penaltyId,
      decisionNumber: `南市监罚〔2025〕${Math.floor(Math.random() * 10_000)}号`,
      subject,
      violationType: '虚假宣传',
      violationFacts: '在网站发布虚假广告',
      basis: '《中华人民共和国广告法》第五十五条',
      categories: ['警告'],
      content: '警告',
      decidedOn: '2025-06-03',
      severity: 'GENERAL',
      procedure: 'ORDINARY',
      authority: UNIT,
      sourceUnit: UNIT,
      timely: true,
      publicity: { status: 'PUBLISHED', regime: '2021', from: '2025-06-03', minimumUntil: '2025-09-03', maximumUntil },
    });
  };
  const listEntry = (subjectKey: string, code: string, list: 'BLACK' | 'RED') => {
    const listEntryId = randomUUID();
    return envelope<ListEntryCreatedV1>(subjectKey, 'joint-punishment.list-entry-created', `list-entry-${listEntryId}`, {
      listEntryId,
      subjectCode: code,
      maskedCode: code,
      list,
      category: list === 'BLACK' ? '市场监管严重违法失信名单' : '守信激励名单',
      basis: { recordIds: [], document: '南市监信〔2025〕12号' },
      initiatingUnit: UNIT,
      decidedOn: '2025-07-01',
    });
  };
  const commitment = (subjectKey: string, code: string) => {
    const commitmentId = randomUUID();
    return envelope<CommitmentSignedV1>(subjectKey, 'commitments.commitment-signed', `commitment-${commitmentId}`, {
      commitmentId,
      subject: { kind: 'LEGAL_PERSON', code, maskedCode: code },
      type: 'CERTIFICATION',
      matter: '营业执照办理证明事项',
      text: '本单位承诺所提交材料真实有效',
      signedOn: '2025-01-05',
      validUntil: '2099-01-04',
      public: true,
      acceptingUnit: UNIT,
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase('credit_portal_report_e2e');
    publisher = await TestEventPublisher.connect({ clientId: 'credit-portal-report-e2e' });
    service = await ServiceProcess.underTest('credit-portal', db);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await db?.drop();
  });

  it('issues a JSON and a PDF report by purpose, without repaired or closed records, each verifiable; 400 and 404 as the contract says', async () => {
    const code = freshUscc('91450100');
    const name = `南宁市报告科技有限公司${code.slice(8, 14)}`;
    const subject: PenaltySubject = { kind: 'LEGAL_PERSON', code, maskedCode: code, name };
    const shown = penalty(code, subject);
    const repaired = penalty(code, subject);
    const black = listEntry(code, code, 'BLACK');
    const red = listEntry(code, code, 'RED');
    const kept = commitment(code, code);
    const withdrawn = commitment(code, code);
    const licenseId = randomUUID();
    const license = envelope<LicensePublishedV1>(code, 'double-publicity.license-published', `license-${licenseId}`, {
      licenseId,
      decisionNumber: '南市监许〔2025〕8号',
      subject,
      licenseName: '食品经营许可证',
      licenseType: '普通',
      content: '预包装食品销售',
      decidedOn: '2025-02-01',
      validFrom: '2025-02-01',
      validUntil: '2030-01-31',
      authority: UNIT,
      sourceUnit: UNIT,
      timely: true,
    });
    await publish(
      registered(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name, legalRepresentative: '王五', registeredOn: '2019-05-06', registrationAuthority: '南宁市市场监督管理局' }),
      license,
      shown,
      repaired,
      envelope<PenaltyPublicityWithdrawnV1>(code, 'double-publicity.penalty-publicity-withdrawn', repaired.stream, {
        penaltyId: repaired.data.penaltyId,
        reason: 'REVOCATION',
        document: '南府复决〔2025〕3号',
        withdrawnOn: '2025-09-11',
      }),
      black,
      red,
      kept,
      withdrawn,
      envelope<CommitmentClosedV1>(code, 'commitments.commitment-closed', withdrawn.stream, {
        commitmentId: withdrawn.data.commitmentId,
        status: 'WITHDRAWN',
        reason: '承诺人撤回',
        decidedOn: '2025-08-01',
      }),
      envelope<GradeRecomputedV1>(code, 'grading-supervision.grade-recomputed', `grade-${code}`, {
        score: 71.5,
        grade: 'B',
        previousGrade: null,
        factors: [{ source: 'double-publicity.penalty-published', recordId: shown.data.penaltyId, effect: -5 }],
        triggerEventId: shown.id,
        triggerType: shown.type,
        ruleVersion: 2,
      }),
    );

    const report = await waitFor(async () => {
      const res = await getJson(`/subjects/${code}/report`);
      return res.status === 200 && res.body.grade && res.body.commitments.length === 1 && res.body.penalties.length === 1 && res;
    }, { ...CONSUMED_WITHIN, description: 'the report with every record consumed' });
    const body = report.body;
    expect(body).toMatchObject({
      title: '公共信用信息报告',
      purpose: 'GENERAL',
      subject: { name, kind: 'LEGAL_PERSON', code },
      registration: { legalRepresentative: '王五', registeredOn: '2019-05-06', registrationAuthority: '南宁市市场监督管理局' },
    });
    // The grade published here, or a later one: a grading-supervision running on the shared topic may regrade the subject.
    expect(body.grade).toEqual({ grade: expect.stringMatching(/^[ABCD]$/), score: expect.any(Number), ruleVersion: expect.any(Number), factors: expect.any(Array) });
    expect(body.number).toMatch(/^CR\d{8}-[0-9A-Z]{10}$/);
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof body.asOf).toBe('string');
    expect(body.licenses.map((l: { id: string }) => l.id)).toEqual([licenseId]);
    expect(body.penalties).toEqual([expect.objectContaining({ id: shown.data.penaltyId, publicity: { from: '2025-06-03', until: '2099-06-02' } })]);
    expect(body.lists.map((l: { id: string }) => l.id).sort()).toEqual([black.data.listEntryId, red.data.listEntryId].sort());
    expect(body.commitments).toEqual([expect.objectContaining({ id: kept.data.commitmentId, fulfilment: null })]);
    expect(body.notShown.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['REPAIRED', 'REVOKED', 'EXPIRED']));
    // The subject page honours the closed commitment and shows the licence too.
    const page = await getJson(`/subjects/${code}`);
    expect(page.body.commitments.map((c: { id: string }) => c.id)).toEqual([kept.data.commitmentId]);
    expect(page.body.licenses.map((l: { id: string }) => l.id)).toEqual([licenseId]);

    // The publication lists (双公示): the penalty in publicity, not the revoked one; the licence; by date and department.
    const department = UNIT.code;
    const penaltyIds = async (query: string) => {
      const ids: string[] = [];
      for (let page = 1; ; page += 1) {
        const res = await getJson(`/penalties?${query}&page=${page}&pageSize=500`);
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        if (res.body.items.length < 500) return ids;
      }
    };
    const inWindow = await penaltyIds(`from=2025-06-03&to=2025-06-03&department=${department}`);
    expect(inWindow).toContain(shown.data.penaltyId);
    expect(inWindow).not.toContain(repaired.data.penaltyId);
    expect(await penaltyIds(`from=2025-06-04&department=${department}`)).not.toContain(shown.data.penaltyId);
    const licences = await getJson(`/licenses?from=2025-02-01&to=2025-02-01&department=${department}&pageSize=500`);
    expect(licences.body.items).toContainEqual(expect.objectContaining({ id: licenseId, subject: { name, kind: 'LEGAL_PERSON', code } }));
    expect((await getJson(`/penalties?from=2025-13-01`)).body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await getJson(`/licenses?department=nope`)).status).toBe(400);

    // Verification: the stored hash, then a round trip with ?hash= (content hash or verification code).
    const verified = await getJson(`/reports/${body.number}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ number: body.number, purpose: 'GENERAL', contentHash: body.contentHash, verificationCode: body.verificationCode, subject: { name, code } });
    expect((await getJson(`/reports/${body.number}/verify?hash=${body.contentHash}`)).body.valid).toBe(true);
    expect((await getJson(`/reports/${body.number}/verify?hash=${body.verificationCode}`)).body.valid).toBe(true);
    expect((await getJson(`/reports/${body.number}/verify?hash=${'0'.repeat(64)}`)).body.valid).toBe(false);
    expect((await getJson(`/reports/CR20250101-0000000000/verify`)).status).toBe(404);
    expect((await getJson(`/reports/nonsense/verify`)).status).toBe(404);
    const [row] = await queryDatabase(db.url, `SELECT subject_key, purpose, content_hash, format FROM credit_reports WHERE number = $1`, [body.number]);
    expect(row).toEqual({ subject_key: code, purpose: 'GENERAL', content_hash: body.contentHash, format: 'JSON' });

    // Purposes choose sections.
    const procurement = await getJson(`/subjects/${code}/report?purpose=GOVERNMENT_PROCUREMENT`);
    expect(procurement.status).toBe(200);
    expect(procurement.body.lists.map((l: { id: string }) => l.id)).toEqual([black.data.listEntryId]);
    const honours = await getJson(`/subjects/${code}/report?purpose=HONOURS`);
    expect(honours.body.licenses).toBeUndefined();
    const bad = await getJson(`/subjects/${code}/report?purpose=BRIBERY`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    expect((await getJson(`/subjects/${freshUscc('91450100')}/report`)).status).toBe(404);

    // The PDF: a real PDF with the CJK font embedded, verifiable like the JSON.
    const pdfRes = await get(`/subjects/${code}/report`, { accept: 'application/pdf' });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
    const pdfNumber = /filename="([^"]+)\.pdf"/.exec(pdfRes.headers.get('content-disposition') ?? '')![1];
    // The PDF's ETag is its content hash (the content may have moved on since the JSON: the shared topic regrades).
    const pdfHash = /^"([0-9a-f]{64})\.pdf"$/.exec(pdfRes.headers.get('etag') ?? '')![1];
    const pdfVerified = await getJson(`/reports/${pdfNumber}/verify?hash=${pdfHash}`);
    expect(pdfVerified.body).toMatchObject({ format: 'PDF', valid: true });
  });

  it('answers 304 to If-None-Match and If-Modified-Since on the subject page, the lists and the report, and 200 once the record changes', async () => {
    const code = freshUscc('91450100');
    const name = `南宁市缓存科技有限公司${code.slice(8, 14)}`;
    await publish(registered(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name }), listEntry(code, code, 'BLACK'));
    const first = await waitFor(async () => {
      const res = await get(`/subjects/${code}`);
      return res.status === 200 && (await res.clone().json()).lists.length === 1 && res;
    }, { ...CONSUMED_WITHIN, description: 'the subject page with its list entry' });
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(new Date(lastModified).getTime()).not.toBeNaN();
    expect((await get(`/subjects/${code}`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(`/subjects/${code}`, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(`/subjects/${code}`, { 'if-none-match': '"stale"' })).status).toBe(200);

    for (const list of ['/black-list', '/red-list', '/penalties', '/licenses']) {
      const res = await get(list);
      expect(res.status).toBe(200);
      expect((await get(list, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
    }

    const report = await get(`/subjects/${code}/report`);
    const reportBody = await report.json();
    expect(report.headers.get('etag')).toBe(`"${reportBody.contentHash}"`);
    const notModified = await get(`/subjects/${code}/report`, { 'if-none-match': report.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    // A 304 issues no report: only the first is on record.
    const issued = await queryDatabase(db.url, `SELECT number FROM credit_reports WHERE subject_key = $1`, [code]);
    expect(issued).toEqual([{ number: reportBody.number }]);

    // A new record changes the page: the old validators no longer match.
    await publish(penalty(code, { kind: 'LEGAL_PERSON', code, maskedCode: code, name }));
    await waitFor(async () => (await get(`/subjects/${code}`, { 'if-none-match': etag })).status === 200, {
      ...CONSUMED_WITHIN,
      description: 'the page to change',
    });
    expect((await get(`/subjects/${code}/report`, { 'if-none-match': report.headers.get('etag')! })).status).toBe(200);
  });

  it('masks a natural person in the report and its verification', async () => {
    const idNumber = freshCitizenId();
    const key = subjectKeyFor(SubjectKind.NATURAL_PERSON, idNumber, devEnv().SUBJECT_KEY_SECRET);
    const masked = maskIdNumber(idNumber);
    await publish(registered(key, { kind: 'NATURAL_PERSON', code: null, maskedCode: masked, name: '张三丰', legalRepresentative: '张三丰' }));
    const report = await waitFor(async () => {
      const res = await getJson(`/subjects/${idNumber}/report`);
      return res.status === 200 && res.body;
    }, { ...CONSUMED_WITHIN, description: "the person's report" });
    expect(report.subject).toEqual({ name: '张**', kind: 'NATURAL_PERSON', code: masked });
    expect(report.registration.legalRepresentative).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain(idNumber);
    expect(JSON.stringify(report)).not.toContain('张三丰');
    const verified = await getJson(`/reports/${report.number}/verify`);
    expect(verified.body.subject).toEqual({ name: '张**', kind: 'NATURAL_PERSON', code: masked });
    const pdf = Buffer.from(await (await get(`/subjects/${idNumber}/report`, { accept: 'application/pdf' })).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).not.toContain(idNumber);
  });
});

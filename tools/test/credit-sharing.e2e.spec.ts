/**
 * credit-sharing on the whole platform (every service its own compiled process):
 * - supporting information (信易贷支撑信息) stays with it: a natural person's and a company's
 *   supporting records are pushed beside a published penalty, and neither the public website (page,
 *   search, credit report) nor a credit check ever shows them; only an authorized institution reads them;
 * - collection monitoring counts what double-publicity really stored, refused and was corrected, and a
 *   subject penalized three times in 90 days is a warning in the deciding unit's feed.
 */
import { bearer, devEnv, FLOW_DEPARTMENT, freshCitizenId, freshUscc, mintToken, queryDatabase, RepairPlatform, waitFor } from '@credit/testing';
import { todayInShanghai } from '@credit/domain-kernel';
import { randomUUID } from 'node:crypto';

describe('credit-sharing on the platform', () => {
  let platform: RepairPlatform;
  const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
  const today = (): string => todayInShanghai();

  beforeAll(async () => {
    platform = await RepairPlatform.start({ healthTimeoutMs: 480_000 });
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it.each([
    ['a natural person', () => ({ code: freshCitizenId(), kind: 'NATURAL_PERSON', name: '张三' })],
    ['a company', () => ({ code: freshUscc('91450100'), kind: 'LEGAL_PERSON', name: '南宁市隐私测试有限公司' })],
  ])("%s: the website and the credit check never show its supporting records; an authorized institution does", async (_who, subjectOf) => {
    const subject = subjectOf();
    const marker = `XYD${randomUUID().slice(0, 8)}`;
    const published = await platform.api['double-publicity'](
      'POST',
      '/api/v1/penalties',
      {
        decisionNumber: `南市监处罚〔2026〕${randomUUID().slice(0, 8)}号`,
        subject,
        violationType: '虚假宣传',
        violationFacts: '在网店发布虚假宣传内容',
        basis: '《中华人民共和国反不正当竞争法》第二十条',
        categories: ['警告'],
        content: '警告',
        decidedOn: '2025-06-03',
        severity: 'GENERAL',
        authority: unit,
        sourceUnit: unit,
      },
      bearer(platform.tokens.submitter),
    );
    expect(published.status).toBe(201);
    const records = [];
    for (const [category, status] of [['SOCIAL_INSURANCE', 'ARREARS'], ['TAX', 'PAID'], ['HOUSING_FUND', 'PAID']] as const) {
      const created = await platform.api['credit-sharing'](
        'POST',
        '/api/v1/supporting-records',
        {
          subjectCode: subject.code,
          subjectName: subject.name,
          category,
          status,
          sourceReference: `${marker}-${category}`,
          description: `${marker} ${category} 缴费记录`,
          recordedOn: '2026-11-05',
          sourceUnit: unit,
        },
        bearer(platform.tokens.submitter),
      );
      expect(created.status).toBe(201);
      records.push(created.body as { id: string });
    }

    // The website shows the subject (its penalty is in publicity) once the portal has the event.
    const portal = platform.api['credit-portal'];
    const page = await waitFor(
      async () => {
        const response = await portal('GET', `/api/v1/public/subjects/${subject.code}`);
        return response.status === 200 && response.body.penalties?.length === 1 ? response : undefined;
      },
      { timeoutMs: 60_000, description: 'the subject on the website' },
    );
    const search = await portal('GET', `/api/v1/public/subjects?q=${encodeURIComponent(subject.name)}`);
    const report = await portal('GET', `/api/v1/public/subjects/${subject.code}/report`);
    const check = await platform.api['joint-punishment']('GET', `/api/v1/credit-check/${subject.code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(platform.tokens.reader));
    expect(check.status).toBe(200);
    for (const answer of [page, search, report, check]) {
      expect(answer.text).not.toContain(marker);
      for (const record of records) expect(answer.text).not.toContain(record.id);
      expect(answer.text).not.toMatch(/SOCIAL_INSURANCE|HOUSING_FUND|supporting/);
    }
    // The website keeps every subject event it shows a page from: none of credit-sharing's.
    const kept = await queryDatabase(platform.databases['credit-portal'].url, `SELECT count(*)::int AS n FROM subject_events WHERE type LIKE 'credit-sharing.%'`);
    expect(kept[0].n).toBe(0);

    // The control: an institution the subject authorized (through the real-name channel for a person) reads them.
    const bank = freshUscc('91450100');
    const grantor =
      subject.kind === 'NATURAL_PERSON'
        ? await mintToken({ sub: devEnv().PERSONAL_AUTHORIZATION_CHANNELS.split(',')[0], name: 'zwfw-app', roles: ['submitter'] })
        : await mintToken({ sub: subject.code, name: 'the-subject', roles: ['submitter'] });
    const granted = await platform.api['credit-sharing'](
      'POST',
      '/api/v1/authorizations',
      {
        subjectCode: subject.code,
        institution: { name: '隐私测试银行', code: bank },
        purpose: 'FINANCING',
        categories: ['SOCIAL_INSURANCE', 'TAX'],
        validFrom: today(),
        validUntil: today(),
        ...(subject.kind === 'NATURAL_PERSON' && { identityVerification: { reference: `FACE-${marker}` } }),
      },
      bearer(grantor),
    );
    expect(granted.status).toBe(201);
    const read = await platform.api['credit-sharing']('GET', `/api/v1/financing/subjects/${subject.code}`, undefined, bearer(await mintToken({ sub: bank, name: 'bank', roles: ['institution'] })));
    expect(read.status).toBe(200);
    expect(read.body.supporting.SOCIAL_INSURANCE.map((r: { id: string }) => r.id)).toEqual([records[0].id]);
    expect(read.body.supporting.TAX.map((r: { id: string }) => r.id)).toEqual([records[1].id]);
    expect(read.body.supporting.HOUSING_FUND).toBeUndefined();
    // The public side of the answer is the website's: the same penalty, from the same fold.
    expect(read.body.publicRecords.penalties.map((p: { id: string }) => p.id)).toEqual(page.body.penalties.map((p: { id: string }) => p.id));
    if (subject.kind === 'NATURAL_PERSON') expect(read.text).not.toContain(subject.code);
  }, 300_000);

  it('collection figures of a month match what was stored, refused and corrected; repeated penalties warn the deciding unit, a near miss does not', async () => {
    const department = freshUscc('11450100');
    const unitOf = { name: '南宁市监测测试局', code: department };
    const submitter = await mintToken({ sub: department, name: 'monitoring-test', roles: ['submitter'] });
    const reader = await mintToken({ sub: department, name: 'monitoring-test', roles: ['reader'] });
    const otherReader = await mintToken({ sub: freshUscc('11450100'), name: 'other', roles: ['reader'] });
    const dp = platform.api['double-publicity'];
    for (const code of ['M1', 'M2']) {
      const defined = await dp('POST', '/api/v1/catalog', { departmentCode: department, kind: 'PENALTY', code, name: `监测测试事项${code}`, legalBasis: '《中华人民共和国反不正当竞争法》第二十条' }, bearer(submitter));
      expect(defined.status).toBe(201);
    }
    const penalty = (code: string, decidedOn: string, extra: Record<string, unknown> = {}) => ({
      decisionNumber: `南市监测处罚〔2026〕${randomUUID().slice(0, 8)}号`,
      subject: { name: '南宁市监测测试有限公司', kind: 'LEGAL_PERSON', code },
      violationType: '虚假宣传',
      violationFacts: '在网店发布虚假宣传内容',
      basis: '《中华人民共和国反不正当竞争法》第二十条',
      categories: ['警告'],
      content: '警告',
      decidedOn,
      severity: 'GENERAL',
      authority: unitOf,
      sourceUnit: unitOf,
      ...extra,
    });
    const nearMiss = freshUscc('91450100');
    const repeated = freshUscc('91450100');
    // Batch: two timely records of matter M1, one old (not timely) without a matter, one refused.
    const batch = await dp(
      'POST',
      '/api/v1/penalties/batch',
      { items: [penalty(nearMiss, today(), { matterCode: 'M1' }), penalty(nearMiss, today(), { matterCode: 'M1' }), penalty(nearMiss, '2025-06-03'), { ...penalty(nearMiss, today()), violationType: '' }] },
      bearer(submitter),
    );
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED', 'INVALID']);
    const corrected = await dp('POST', `/api/v1/penalties/${batch.body.results[2].id}/corrections`, { fields: { content: '警告（更正）' }, reason: '更正处罚内容' }, bearer(submitter));
    expect(corrected.status).toBe(200);
    // The planted case: three penalties of one subject within 90 days (all today, timely, no matter).
    for (let i = 0; i < 3; i++) expect((await dp('POST', '/api/v1/penalties', penalty(repeated, today()), bearer(submitter))).status).toBe(201);

    // By hand: stored 6, refused 1 (received 7), timely 5, corrected 1, catalog 2 matters of which M1 reported.
    const month = today().slice(0, 7);
    const figures = await waitFor(
      async () => {
        const response = await platform.api['credit-sharing']('GET', `/api/v1/monitoring/collection?month=${month}`, undefined, bearer(reader));
        const mine = response.body?.departments?.find((d: { departmentCode: string }) => d.departmentCode === department);
        return mine && mine.stored === 6 && mine.refused === 1 && mine.corrected === 1 && mine.catalogMatters === 2 ? mine : undefined;
      },
      { timeoutMs: 90_000, description: "the department's figures in credit-sharing" },
    );
    expect(figures).toMatchObject({ received: 7, timely: 5, mattersReported: 1, reportingRate: 0.5, timelinessRate: 0.8333, accuracyRate: 0.8333, storageRate: 0.8571 });

    const feed = await waitFor(
      async () => {
        const response = await platform.api['credit-sharing']('GET', `/api/v1/monitoring/warnings?month=${month}`, undefined, bearer(reader));
        return response.body?.items?.some((w: { rule: string }) => w.rule === 'REPEATED_PENALTIES') ? response.body : undefined;
      },
      { timeoutMs: 60_000, description: 'the repeated-penalties warning in the deciding unit\'s feed' },
    );
    const warned = feed.items.filter((w: { rule: string }) => w.rule === 'REPEATED_PENALTIES');
    expect(warned).toEqual([expect.objectContaining({ ruleVersion: 1, responsibleUnitCode: department, subject: { kind: 'LEGAL_PERSON', code: repeated }, figures: { penalties: 3, windowDays: 90 } })]);
    // The near miss (two in the window, the third a year earlier) raised nothing; another unit's feed does not show this one.
    const others = await platform.api['credit-sharing']('GET', `/api/v1/monitoring/warnings?month=${month}`, undefined, bearer(otherReader));
    expect(others.body.items.some((w: { responsibleUnitCode: string }) => w.responsibleUnitCode === department)).toBe(false);
  }, 300_000);

  it('delivers the 信易贷 share to the credit-loan platforms only for a subject that authorized it, only the categories in scope', async () => {
    const authorizing = freshUscc('91450100');
    const silent = freshUscc('91450100');
    const marker = `XYDL${randomUUID().slice(0, 8)}`;
    const push = async (subjectCode: string, category: string, status: string, n: number) => {
      const created = await platform.api['credit-sharing'](
        'POST',
        '/api/v1/supporting-records',
        { subjectCode, subjectName: '南宁市信易贷测试有限公司', category, status, sourceReference: `${marker}-${subjectCode}-${n}`, description: '信易贷测试', recordedOn: '2026-11-05', sourceUnit: unit },
        bearer(platform.tokens.submitter),
      );
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const before = await push(authorizing, 'TAX', 'PAID', 1);
    const otherCategory = await push(authorizing, 'UTILITIES', 'ARREARS', 2);
    const notAuthorized = await push(silent, 'TAX', 'PAID', 3);
    const token = await mintToken({ sub: authorizing, name: 'the-subject', roles: ['submitter'] });
    const granted = await platform.api['credit-sharing'](
      'POST',
      '/api/v1/authorizations',
      { subjectCode: authorizing, institution: { name: '信易贷测试银行', code: freshUscc('91450100') }, purpose: 'FINANCING', categories: ['TAX'], validFrom: today(), validUntil: today(), deliverToLoanPlatforms: true },
      bearer(token),
    );
    expect(granted.status).toBe(201);
    const after = await push(authorizing, 'TAX', 'ARREARS', 4);

    const shares = () => platform.sandbox.received({ path: '/credit-loan/supporting-records', target: 'credit-loan-platform' }).filter((r) => r.status < 300);
    const delivered = await waitFor(
      async () => {
        const ids = shares().flatMap((r) => ((r.body as { records?: { recordId: string }[] })?.records ?? []).map((x) => x.recordId));
        return ids.includes(before) && ids.includes(after) ? ids : undefined;
      },
      { timeoutMs: 90_000, description: 'both TAX records at the credit-loan platform' },
    );
    expect(delivered).not.toContain(otherCategory);
    expect(delivered).not.toContain(notAuthorized);
    for (const r of shares()) expect((r.body as { subject: { code: string } }).subject.code).not.toBe(silent);
  }, 300_000);
});

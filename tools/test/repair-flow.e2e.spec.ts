/**
 * The product's defining promise, end to end: a repair decided in credit-repair withdraws the
 * penalty from publicity, exits the list entry based on it and lifts every linkage unit's measure,
 * recomputes the grade, reports the result to both national systems, and the website stops showing
 * it — each effect acknowledged on the application. Every service runs as its own compiled process
 * (as `npm run local:up` runs them) on a real Kafka broker and real PostgreSQL databases; the
 * national platforms are the sandbox. Build first (`npm run build`).
 */
import { TOPICS } from '@credit/contracts';
import {
  type ApiCall,
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
  freshUscc,
  groupAtEndOfTopics,
  KafkaProbe,
  mintToken,
  type RunningSandbox,
  ServiceProcess,
  startSandbox,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@credit/testing';

const DEPARTMENT = '11450100007712342F';
/** Two linkage units (联动单位) that apply the measure: government organs in Nanning. */
const LINKAGE_UNITS = [freshUscc('11450100'), freshUscc('11450100')];

const SERVICES = [
  'subject-registry',
  'double-publicity',
  'commitments',
  'grading-supervision',
  'joint-punishment',
  'credit-repair',
  'credit-portal',
  'national-connector',
] as const;
type ServiceName = (typeof SERVICES)[number];

describe('a repair decided in one place takes effect everywhere', () => {
  const databases: TestDatabase[] = [];
  const services = {} as Record<ServiceName, ServiceProcess>;
  const api = {} as Record<ServiceName, ApiCall>;
  let sandbox: RunningSandbox;
  let probe: KafkaProbe;
  let submitter: string;
  let reviewer: string;
  let reader: string;
  let admin: string;
  const run = uniqueName('repair-flow');

  const startService = async (name: ServiceName, env: Record<string, string>) => {
    const service = ServiceProcess.start({ name, port: await freePort(), env });
    services[name] = service;
    api[name] = apiCaller(() => service.url);
    await service.waitHealthy(120_000);
  };

  const serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {};

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    [submitter, reviewer, reader, admin] = await Promise.all(
      (['submitter', 'reviewer', 'reader', 'admin'] as const).map((role) => mintToken({ sub: DEPARTMENT, name: `e2e-${role}`, roles: [role] })),
    );
    for (const name of SERVICES) {
      const db = await createTestDatabase(name.replace(/-/g, '_'));
      databases.push(db);
      const group = `${run}-${name}`;
      // The shared broker's topics hold every earlier suite's events: a fresh group would read them all
      // before this run's. Each service starts at the end of both topics and reads only this run's events.
      await groupAtEndOfTopics(group, [TOPICS.subjectEvents, TOPICS.reference]);
      serviceEnv[name] = {
        DATABASE_URL: db.url,
        // A fresh consumer group per run, so this run's services never share offsets with a local platform.
        KAFKA_CONSUMER_GROUP: group,
        NATIONAL_PLATFORM_URL: sandbox.url,
        DELIVERY_BACKOFF_INITIAL_MS: '200',
        DELIVERY_BACKOFF_MAX_MS: '1000',
        REPAIR_EFFECT_DEADLINE_SECONDS: '600',
      };
    }
    // Two at a time: eight Node processes starting at once on two cores only slow each other down.
    for (let i = 0; i < SERVICES.length; i += 2) {
      await Promise.all(SERVICES.slice(i, i + 2).map((name) => startService(name, serviceEnv[name]!)));
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await probe?.stop();
    await sandbox?.close();
    for (const db of databases) await db.drop();
  });

  /** Steps 1–6 of the flow: a subject with a penalty old enough to repair, a list entry with measures, a repair commitment. */
  async function prepareSubject() {
    const code = freshUscc();
    const name = `南宁市修复测试${code.slice(10, 16)}有限公司`;
    expect((await api['subject-registry']('POST', '/api/v1/subjects', { code, name, kind: 'LEGAL_PERSON' }, bearer(submitter))).status).toBe(201);

    const penalty = await api['double-publicity'](
      'POST',
      '/api/v1/penalties',
      {
        decisionNumber: `南市监处罚〔2025〕${code.slice(12)}号`,
        subject: { name, kind: 'LEGAL_PERSON', code },
        violationType: '虚假宣传',
        violationFacts: '在商品详情页发布虚假宣传内容',
        basis: '《中华人民共和国反不正当竞争法》第二十条',
        categories: ['罚款'],
        content: '罚款人民币五千元',
        fineAmount: '5000.00',
        // Decided long ago: the 3-month minimum publicity period (Order 58) has elapsed.
        decidedOn: '2025-06-03',
        severity: 'GENERAL',
        authority: { name: '南宁市市场监督管理局', code: DEPARTMENT },
        sourceUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
      },
      bearer(submitter),
    );
    expect(penalty.status).toBe(201);
    expect(penalty.body.publicity.status).toBe('PUBLISHED');
    const penaltyId: string = penalty.body.id;

    await waitFor(
      async () => {
        const page = await api['credit-portal']('GET', `/api/v1/public/subjects/${code}`);
        return page.status === 200 && page.body.penalties.some((p: { penaltyId?: string; id?: string }) => (p.penaltyId ?? p.id) === penaltyId);
      },
      { timeoutMs: 30_000, description: 'the penalty shows on the credit website' },
    );

    const measureCode = `M-${code.slice(8, 17)}`;
    // A measure names catalogued linkage units, a listing a catalogued category (201 new, 200 already there).
    for (const unit of LINKAGE_UNITS) {
      const defined = await api['joint-punishment']('POST', '/api/v1/linkage-units', { code: unit, name: `联动单位 ${unit}` }, bearer(admin));
      expect([200, 201]).toContain(defined.status);
    }
    const category = await api['joint-punishment'](
      'POST',
      '/api/v1/list-categories',
      { code: 'MARKET_SERIOUS_ILLEGAL', name: '市场监督管理严重违法失信名单', list: 'BLACK', legalBasis: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）' },
      bearer(admin),
    );
    expect([200, 201]).toContain(category.status);
    const measure = await api['joint-punishment'](
      'POST',
      '/api/v1/measures',
      {
        code: measureCode,
        name: '限制参与政府采购活动',
        kind: 'PUNISHMENT',
        appliesTo: 'BLACK',
        unitCodes: LINKAGE_UNITS,
        scenarios: ['GOVERNMENT_PROCUREMENT'],
        legalBasis: '《中华人民共和国政府采购法》第二十二条',
      },
      bearer(admin),
    );
    expect(measure.status).toBe(201);

    // joint-punishment lists only a subject it knows: it learns of this one from the registration and penalty events.
    const entry = await waitFor(
      async () => {
        const listed = await api['joint-punishment'](
          'POST',
          '/api/v1/list-entries',
          {
            subjectCode: code,
            list: 'BLACK',
            category: 'MARKET_SERIOUS_ILLEGAL',
            basis: { recordIds: [penaltyId], document: '南市监列严〔2025〕1号' },
            initiatingUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
            decidedOn: '2025-06-10',
          },
          bearer(reviewer),
        );
        if (listed.status === 422 && listed.body?.rule === 'list-entry.subject-known') return undefined;
        return listed;
      },
      { timeoutMs: 30_000, description: 'joint-punishment knows the subject and lists it' },
    );
    expect(entry.status).toBe(201);
    const listEntryId: string = entry.body.id;
    // Every BLACK measure of the catalog applies (earlier flows added theirs): this flow's one, once per unit.
    const ours = entry.body.measures.filter((m: { measureCode: string }) => m.measureCode === measureCode);
    expect(ours.map((m: { unitCode: string }) => m.unitCode).sort()).toEqual([...LINKAGE_UNITS].sort());

    const check = await api['joint-punishment']('GET', `/api/v1/credit-check/${code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(reader));
    expect(check.status).toBe(200);
    expect(check.body.measures.map((m: { measureCode: string }) => m.measureCode)).toContain(measureCode);

    const commitment = await api['commitments'](
      'POST',
      '/api/v1/commitments',
      {
        subjectCode: code,
        type: 'CREDIT_REPAIR',
        matter: '信用修复',
        text: '本单位承诺已纠正失信行为并履行相关义务，如有虚假愿承担相应责任。',
        signedOn: '2026-01-05',
        public: true,
        acceptingUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
      },
      bearer(submitter),
    );
    expect(commitment.status).toBe(201);

    const gradeBefore = await waitFor(
      async () => {
        const grade = await api['grading-supervision']('GET', `/api/v1/grades/${code}`, undefined, bearer(reader));
        return grade.status === 200 && grade.body.factors.length >= 2 ? grade.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the grade counts the penalty and the list entry' },
    );
    return { code, penaltyId, listEntryId, measureCode, commitmentId: commitment.body.id as string, gradeBefore };
  }

  /** Steps 7–8: apply (once credit-repair has seen the penalty and the commitment) and approve. */
  async function applyForRepair(code: string, penaltyId: string, commitmentId: string): Promise<string> {
    return waitFor(
      async () => {
        const applied = await api['credit-repair'](
          'POST',
          '/api/v1/repair-applications',
          { subjectCode: code, target: { type: 'PENALTY', id: penaltyId }, commitmentId, evidence: [{ kind: 'PAYMENT_RECEIPT', description: '罚款缴纳凭证' }] },
          bearer(submitter),
        );
        if (applied.status === 201) return applied.body.id as string;
        // credit-repair learns of penalties and commitments from events: until they arrive it refuses.
        expect(applied.status).toBe(422);
        return undefined;
      },
      { timeoutMs: 30_000, description: 'credit-repair accepts the application' },
    );
  }

  async function approve(applicationId: string) {
    const decided = await api['credit-repair']('POST', `/api/v1/repair-applications/${applicationId}/decision`, { approved: true, reason: '已履行行政处罚决定并签署信用承诺' }, bearer(reviewer));
    expect(decided.status).toBe(200);
  }

  async function expectCompleted(applicationId: string) {
    const application = await waitFor(
      async () => {
        const got = await api['credit-repair']('GET', `/api/v1/repair-applications/${applicationId}`, undefined, bearer(reader));
        return got.body?.status === 'COMPLETED' ? got.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: `repair application ${applicationId} COMPLETED` },
    );
    expect(application.effects.length).toBeGreaterThanOrEqual(5);
    for (const effect of application.effects) {
      expect(effect).toMatchObject({ status: 'DONE', at: expect.any(String) });
    }
    return application;
  }

  async function expectRepairedEverywhere(s: Awaited<ReturnType<typeof prepareSubject>>, applicationId: string) {
    const page = await api['credit-portal']('GET', `/api/v1/public/subjects/${s.code}`);
    expect(page.status).toBe(200);
    expect(page.body.penalties).toEqual([]);
    expect(page.body.lists).toEqual([]);

    const check = await api['joint-punishment']('GET', `/api/v1/credit-check/${s.code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(reader));
    expect(check.body.measures).toEqual([]);

    const grade = await api['grading-supervision']('GET', `/api/v1/grades/${s.code}`, undefined, bearer(reader));
    expect(grade.body.score).toBeGreaterThan(s.gradeBefore.score);
    expect(grade.body.factors.filter((f: { effect: number }) => f.effect < 0)).toEqual([]);

    // Each linkage unit's measure lifted exactly once, all under the repair's correlationId.
    const lifts = probe.envelopes.filter((e) => {
      const data = e.data as { listEntryId: string; measureCode: string };
      return e.type === 'joint-punishment.measure-lifted' && data.listEntryId === s.listEntryId && data.measureCode === s.measureCode;
    });
    expect(lifts.map((e) => (e.data as { unitCode: string }).unitCode).sort()).toEqual([...LINKAGE_UNITS].sort());
    expect(new Set(lifts.map((e) => e.correlationId))).toEqual(new Set([applicationId]));

    // Both national systems received the repair result exactly once.
    for (const target of ['credit-china', 'enterprise-publicity']) {
      const received = sandbox.received({ path: '/repair-results', target }).filter((r) => r.status === 200 && !r.duplicate && JSON.stringify(r.body).includes(applicationId));
      expect(received).toHaveLength(1);
    }
  }

  it('completes a repair: publicity withdrawn, entry exited, measures lifted, grade recomputed, both national systems told', async () => {
    const subject = await prepareSubject();
    const applicationId = await applyForRepair(subject.code, subject.penaltyId, subject.commitmentId);
    await approve(applicationId);
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
  });

  it('completes when joint-punishment is killed before the approval and restarted after it, lifting each measure once', async () => {
    const subject = await prepareSubject();
    const applicationId = await applyForRepair(subject.code, subject.penaltyId, subject.commitmentId);
    await services['joint-punishment'].kill('SIGKILL');
    await approve(applicationId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await startService('joint-punishment', serviceEnv['joint-punishment']!);
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
  });

  it('completes when the national platform fails its first 3 calls, each target receiving the result once', async () => {
    const subject = await prepareSubject();
    const applicationId = await applyForRepair(subject.code, subject.penaltyId, subject.commitmentId);
    sandbox.failNext(3, 503);
    await approve(applicationId);
    await expectCompleted(applicationId);
    await expectRepairedEverywhere(subject, applicationId);
    expect(sandbox.received({ path: '/repair-results' }).filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The list of commitment matters (承诺事项清单) and the lifecycle of a commitment as department
 * systems meet them: the compiled service in its own process, over HTTP, on a throwaway database,
 * with the events watched on credit.subject-events. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type CommitmentClosedV1, type CommitmentSignedV2, type EventEnvelope } from '@credit/contracts';
import { todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import { apiCaller, bearer, createTestDatabase, freePort, freshConsumerGroup, freshUscc, KafkaProbe, mintToken, queryDatabase, ServiceProcess, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';

const BUREAU = freshUscc('11450100');
const OTHER_UNIT = freshUscc('11450100');

describe('commitment matters and the commitment lifecycle over HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let submitter: string;
  let otherSubmitter: string;
  let otherReader: string;
  const call = apiCaller(() => service.url);
  const matter = (code: string, overrides: Record<string, unknown> = {}) => ({
    department: { name: '南宁市行政审批局', code: BUREAU },
    code,
    name: '食品经营许可告知承诺',
    type: 'APPROVAL_REPLACEMENT',
    legalBasis: '《优化营商环境条例》第十九条',
    template: '{subjectName}就{matterName}郑重承诺：所提交材料真实有效，如有虚假愿承担法律责任。承诺日期：{date}',
    verification: { workingDays: 5, evidenceRequired: ['现场核查记录'] },
    consequenceOnBreach: 'LIST_NOMINATION',
    public: true,
    ...overrides,
  });
  const underMatter = (matterCode: string, overrides: Record<string, unknown> = {}) => ({
    subjectCode: freshUscc('91450100'),
    matterCode,
    subjectName: '南宁市某某食品有限公司',
    signedOn: '2025-09-01',
    acceptingUnit: { name: '南宁市行政审批局', code: BUREAU },
    ...overrides,
  });
  const freeForm = (overrides: Record<string, unknown> = {}) => ({
    subjectCode: freshUscc('91450100'),
    type: 'INDUSTRY_SELF_DISCIPLINE',
    matter: '行业自律承诺',
    text: '本单位承诺依法经营。',
    signedOn: '2025-09-01',
    public: true,
    acceptingUnit: { name: '南宁市行政审批局', code: BUREAU },
    ...overrides,
  });

  /** A finding of fulfilment with the evidence the matters here require (现场核查记录). */
  const keptWithEvidence = () => ({ outcome: 'FULFILLED', note: '核查属实', evidence: [{ item: '现场核查记录', reference: '南审批核〔2026〕118号' }] });

  beforeAll(async () => {
    db = await createTestDatabase('commitments_lifecycle_e2e');
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    service = ServiceProcess.start({ name: 'commitments', port: await freePort(), env: { DATABASE_URL: db.url, DEFICIENCY_SCAN_SECONDS: '1', KAFKA_CONSUMER_GROUP: await freshConsumerGroup('commitments-e2e') } });
    await service.waitHealthy(90_000);
    submitter = await mintToken({ sub: BUREAU, name: 'approval-bureau', roles: ['submitter'] });
    otherSubmitter = await mintToken({ sub: OTHER_UNIT, name: 'other-unit', roles: ['submitter'] });
    otherReader = await mintToken({ sub: OTHER_UNIT, name: 'other-unit', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('keeps a versioned list of matters per department: only the department writes it, a stale expectedVersion is 409', async () => {
    const created = await call('POST', '/api/v1/commitment-matters', matter('SPJY-001'), bearer(submitter));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ department: { code: BUREAU }, code: 'SPJY-001', version: 1, type: 'APPROVAL_REPLACEMENT', consequenceOnBreach: 'LIST_NOMINATION', public: true });
    expect((await call('POST', '/api/v1/commitment-matters', matter('SPJY-001'), bearer(otherSubmitter))).status).toBe(403);
    // The same content again is no new version; changed content is the next one.
    expect((await call('POST', '/api/v1/commitment-matters', matter('SPJY-001'), bearer(submitter))).body.version).toBe(1);
    const next = await call('POST', '/api/v1/commitment-matters', matter('SPJY-001', { verification: { workingDays: 10, evidenceRequired: [] }, expectedVersion: 1 }), bearer(submitter));
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ version: 2, verification: { workingDays: 10 }, versions: [{ version: 1 }, { version: 2 }] });
    const stale = await call('POST', '/api/v1/commitment-matters', matter('SPJY-001', { name: '改名', expectedVersion: 1 }), bearer(submitter));
    expect(stale.status).toBe(409);
    expect(stale.body.rule).toBe('matter-version-stale');
    const badTemplate = await call('POST', '/api/v1/commitment-matters', matter('SPJY-002', { template: '{subjectName}承诺缴纳{amount}元' }), bearer(submitter));
    expect(badTemplate.status).toBe(400);
    expect(badTemplate.body.errors.map((e: { field: string }) => e.field)).toEqual(['template']);
    const privateRepair = await call('POST', '/api/v1/commitment-matters', matter('XF-001', { type: 'CREDIT_REPAIR', public: false }), bearer(submitter));
    expect(privateRepair.status).toBe(422);

    const list = await call('GET', `/api/v1/commitment-matters?department=${BUREAU}`, undefined, bearer(otherReader));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ code: 'SPJY-001', version: 2 }] });
    expect((await call('GET', `/api/v1/commitment-matters?department=${OTHER_UNIT}`, undefined, bearer(otherReader))).body.total).toBe(0);
  });

  it('signs under a listed matter: the text is the filled template, the verification due in working days; an unlisted matter or an edited text is 422', async () => {
    await call('POST', '/api/v1/commitment-matters', matter('SPJY-010', { verification: { workingDays: 20, evidenceRequired: ['现场核查记录'] } }), bearer(submitter));
    const correlationId = randomUUID();
    const body = underMatter('SPJY-010');
    const signed = await call('POST', '/api/v1/commitments', body, bearer(submitter, { 'x-correlation-id': correlationId }));
    expect(signed.status).toBe(201);
    const dueOn = new WorkingDayCalendar().addWorkingDays('2025-09-01', 20);
    expect(signed.body).toMatchObject({
      status: 'IN_FORCE',
      type: 'APPROVAL_REPLACEMENT',
      matter: '食品经营许可告知承诺',
      text: '南宁市某某食品有限公司就食品经营许可告知承诺郑重承诺：所提交材料真实有效，如有虚假愿承担法律责任。承诺日期：2025-09-01',
      matterRef: { departmentCode: BUREAU, code: 'SPJY-010', version: 1 },
      consequenceOnBreach: 'LIST_NOMINATION',
      verification: { workingDays: 20, dueOn, overdue: true, late: false },
      lifecycle: { status: 'IN_FORCE' },
    });
    const event = (await probe.waitForMessage((e) => e.type === 'commitments.commitment-signed' && e.correlationId === correlationId, 30_000)) as EventEnvelope<CommitmentSignedV2>;
    expect(event.version).toBe(2);
    expect(event.data).toMatchObject({ matterRef: { code: 'SPJY-010', version: 1 }, verification: { dueOn, workingDays: 20 } });
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });

    const unlisted = await call('POST', '/api/v1/commitments', underMatter('NOT-LISTED'), bearer(submitter));
    expect(unlisted.status).toBe(422);
    expect(unlisted.body).toMatchObject({ rule: 'matter-not-listed' });
    expect(unlisted.body.detail).toMatch(/POST \/api\/v1\/commitment-matters/);
    const edited = await call('POST', '/api/v1/commitments', underMatter('SPJY-010', { text: '本单位承诺所提交材料基本真实。' }), bearer(submitter));
    expect(edited.status).toBe(422);
    expect(edited.body.rule).toBe('commitment-text-from-template');
    const noName = await call('POST', '/api/v1/commitments', underMatter('SPJY-010', { subjectName: undefined }), bearer(submitter));
    expect(noName.status).toBe(400);
    expect(noName.body.errors.map((e: { field: string }) => e.field)).toEqual(['subjectName']);
    // Without a matter the free-form fields stay required, naming each.
    const missing = await call('POST', '/api/v1/commitments', freeForm({ type: undefined, text: undefined }), bearer(submitter));
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['type', 'text']);
  });

  it('ends a commitment WITHDRAWN or EXPIRED by the accepting unit only, once, with who and when', async () => {
    const signed = await call('POST', '/api/v1/commitments', freeForm({ validUntil: '2099-12-31' }), bearer(submitter));
    const id = signed.body.id as string;
    const otherReviewer = await mintToken({ sub: OTHER_UNIT, name: 'other-unit', roles: ['reviewer'] });
    expect((await call('POST', `/api/v1/commitments/${id}/closure`, { status: 'WITHDRAWN', reason: '主动撤回', decidedOn: '2025-10-01' }, bearer(otherReviewer))).status).toBe(403);
    const early = await call('POST', `/api/v1/commitments/${id}/closure`, { status: 'EXPIRED', reason: '期满', decidedOn: '2025-10-01' }, bearer(submitter));
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'commitment-expires-after-term', allowedFrom: '2100-01-01' });

    const correlationId = randomUUID();
    const withdrawn = await call('POST', `/api/v1/commitments/${id}/closure`, { status: 'WITHDRAWN', reason: '主动撤回', decidedOn: '2025-10-01' }, bearer(submitter, { 'x-correlation-id': correlationId }));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', lifecycle: { status: 'WITHDRAWN', decidedBy: { unitCode: BUREAU }, decidedOn: '2025-10-01', reason: '主动撤回', decidedAt: expect.any(String) } });
    const event = (await probe.waitForMessage((e) => e.correlationId === correlationId, 30_000)) as EventEnvelope<CommitmentClosedV1>;
    expect(event).toMatchObject({ type: 'commitments.commitment-closed', stream: `commitment-${id}`, data: { commitmentId: id, status: 'WITHDRAWN', decidedOn: '2025-10-01' } });
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });

    const again = await call('POST', `/api/v1/commitments/${id}/fulfilment`, { outcome: 'FULFILLED', note: '已履行', decidedOn: '2025-10-02' }, bearer(submitter));
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('commitment-decided-once');

    const expiring = await call('POST', '/api/v1/commitments', freeForm({ validUntil: '2025-12-31' }), bearer(submitter));
    const expired = await call('POST', `/api/v1/commitments/${expiring.body.id}/closure`, { status: 'EXPIRED', reason: '承诺期满', decidedOn: '2026-01-05' }, bearer(submitter));
    expect(expired.status).toBe(200);
    expect(expired.body.lifecycle).toMatchObject({ status: 'EXPIRED', decidedBy: { unitCode: BUREAU } });
    expect((await call('POST', `/api/v1/commitments/${randomUUID()}/closure`, { status: 'WITHDRAWN', reason: 'x', decidedOn: '2025-10-01' }, bearer(submitter))).status).toBe(404);
  });

  it("serves the accepting unit's work queue (its own only), overdue verifications first, flags late findings and counts them as metrics", async () => {
    await call('POST', '/api/v1/commitment-matters', matter('QUEUE-001'), bearer(submitter));
    const overdue = await call('POST', '/api/v1/commitments', underMatter('QUEUE-001'), bearer(submitter));
    const recent = await call('POST', '/api/v1/commitments', underMatter('QUEUE-001', { signedOn: todayInShanghai() }), bearer(submitter));
    expect(recent.body.verification.overdue).toBe(false);

    const queue = await call('GET', `/api/v1/commitments?acceptingUnit=${BUREAU}&overdue=true&pageSize=200`, undefined, bearer(submitter));
    expect(queue.status).toBe(200);
    const ids = queue.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(overdue.body.id);
    expect(ids).not.toContain(recent.body.id);
    expect(queue.body.items.every((c: { verification?: { overdue: boolean } }) => c.verification?.overdue)).toBe(true);
    const inForce = await call('GET', `/api/v1/commitments?acceptingUnit=${BUREAU}&status=IN_FORCE&pageSize=200`, undefined, bearer(submitter));
    expect(inForce.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([overdue.body.id, recent.body.id]));
    expect((await call('GET', `/api/v1/commitments?acceptingUnit=${BUREAU}&overdue=true`, undefined, bearer(otherReader))).status).toBe(403);
    expect((await call('GET', '/api/v1/commitments', undefined, bearer(submitter))).status).toBe(400);

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`credit_commitment_verifications_overdue\\{accepting_unit="${BUREAU}"\\} [1-9]`));

    const late = await call('POST', `/api/v1/commitments/${overdue.body.id}/fulfilment`, { outcome: 'BREACHED', note: '核查发现未按承诺整改', decidedOn: todayInShanghai() }, bearer(submitter));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'BREACHED', lifecycle: { status: 'BREACHED', decidedBy: { unitCode: BUREAU } }, verification: { overdue: false, late: true } });
    const onTime = await call('POST', `/api/v1/commitments/${recent.body.id}/fulfilment`, { ...keptWithEvidence(), decidedOn: todayInShanghai() }, bearer(submitter));
    expect(onTime.body).toMatchObject({ status: 'FULFILLED', lifecycle: { status: 'VERIFIED_FULFILLED' }, verification: { late: false } });
    const fulfilled = await call('GET', `/api/v1/commitments?acceptingUnit=${BUREAU}&status=VERIFIED_FULFILLED`, undefined, bearer(submitter));
    expect(fulfilled.body.items.map((c: { id: string }) => c.id)).toEqual([recent.body.id]);
    const after = await (await fetch(`${service.url}/metrics`)).text();
    expect(after).toMatch(new RegExp(`credit_commitment_verifications_late_total\\{accepting_unit="${BUREAU}"\\} 1`));

    const rows = await queryDatabase(db.url, `SELECT decided_by_unit FROM commitments WHERE id = $1`, [overdue.body.id]);
    expect(rows).toEqual([{ decided_by_unit: BUREAU }]);
  });

  it('breaches a 容缺受理 commitment whose missing papers were not supplied by its verification day; one not yet due stays in force', async () => {
    await call('POST', '/api/v1/commitment-matters', matter('RQSL-001', { type: 'DEFICIENCY_TOLERANCE', name: '容缺受理承诺', consequenceOnBreach: 'GRADE_FACTOR' }), bearer(submitter));
    const lapsed = await call('POST', '/api/v1/commitments', underMatter('RQSL-001'), bearer(submitter));
    expect(lapsed.status).toBe(201);
    const pending = await call('POST', '/api/v1/commitments', underMatter('RQSL-001', { signedOn: todayInShanghai() }), bearer(submitter));
    const deadline = Date.now() + 30_000;
    let read = await call('GET', `/api/v1/commitments/${lapsed.body.id}`, undefined, bearer(submitter));
    while (read.body.status === 'IN_FORCE' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      read = await call('GET', `/api/v1/commitments/${lapsed.body.id}`, undefined, bearer(submitter));
    }
    expect(read.body).toMatchObject({
      status: 'BREACHED',
      fulfilment: { outcome: 'BREACHED', decidedOn: todayInShanghai(), note: expect.stringContaining('缺件未在核查期限') },
      lifecycle: { status: 'BREACHED', decidedBy: { unitCode: BUREAU, user: 'deficiency-scheduler' } },
    });
    const event = await probe.waitForMessage((e) => e.type === 'commitments.commitment-fulfilment-recorded' && e.stream === `commitment-${lapsed.body.id}`, 30_000);
    expect(event.actor).toEqual({ departmentCode: BUREAU, user: 'deficiency-scheduler' });
    expect((await call('GET', `/api/v1/commitments/${pending.body.id}`, undefined, bearer(submitter))).body.status).toBe('IN_FORCE');
  });

  it("counts a department's commitments per listed matter: signed, verified on time, breached, and the rates", async () => {
    const unit = freshUscc('11450100');
    const token = await mintToken({ sub: unit, name: 'statistics-unit', roles: ['submitter'] });
    const acceptingUnit = { name: '南宁市统计测试局', code: unit };
    await call('POST', '/api/v1/commitment-matters', matter('STAT-001', { department: acceptingUnit }), bearer(token));
    const late = await call('POST', '/api/v1/commitments', underMatter('STAT-001', { acceptingUnit }), bearer(token));
    const onTime = await call('POST', '/api/v1/commitments', underMatter('STAT-001', { acceptingUnit, signedOn: todayInShanghai() }), bearer(token));
    expect((await call('POST', '/api/v1/commitments', freeForm({ acceptingUnit }), bearer(token))).status).toBe(201);
    await call('POST', `/api/v1/commitments/${late.body.id}/fulfilment`, { outcome: 'BREACHED', note: '违诺', decidedOn: todayInShanghai() }, bearer(token));
    await call('POST', `/api/v1/commitments/${onTime.body.id}/fulfilment`, { ...keptWithEvidence(), decidedOn: todayInShanghai() }, bearer(token));

    const stats = await call('GET', `/api/v1/commitments/statistics?department=${unit}&from=2025-01-01&to=${todayInShanghai()}`, undefined, bearer(otherReader));
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      department: unit,
      signed: 3,
      verifiedOnTime: 1,
      verifiedLate: 1,
      fulfilled: 1,
      breached: 1,
      overdue: 0,
      onTimeRate: 0.3333,
      breachRate: 0.3333,
      matters: [
        { matterCode: 'STAT-001', matter: '食品经营许可告知承诺', signed: 2, verifiedOnTime: 1, verifiedLate: 1, breached: 1, onTimeRate: 0.5, breachRate: 0.5 },
        { matterCode: null, signed: 1, verifiedOnTime: 0, onTimeRate: 0, breachRate: 0 },
      ],
    });
    const none = await call('GET', `/api/v1/commitments/statistics?department=${unit}&from=2020-01-01&to=2020-12-31`, undefined, bearer(otherReader));
    expect(none.body).toMatchObject({ signed: 0, onTimeRate: null, matters: [] });
    const reversed = await call('GET', `/api/v1/commitments/statistics?department=${unit}&from=2026-02-01&to=2026-01-01`, undefined, bearer(otherReader));
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
  });
});

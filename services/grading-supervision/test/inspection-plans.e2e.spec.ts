/**
 * 双随机 inspection plans and explained, versioned grades as a department meets them: the compiled
 * service in its own process on a throwaway database and the real broker; plans drawn and results
 * reported over HTTP, grades recomputed and announced on the subject topic. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type EventEnvelope, type GradeRecomputedV1, type ListEntryCreatedV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { apiCaller, bearer, createTestDatabase, freshCitizenId, freshUscc, KafkaProbe, mintToken, ServiceProcess, testEnvelope, TestEventPublisher, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { addDays } from '@credit/credit-rules';
import { penaltyPublished } from './support/penalty';

const MARKET_REGULATION = '11450100007712342F';
const DEPARTMENT = { name: '南宁市市场监督管理局', code: MARKET_REGULATION };
const INSPECTORS = ['执法员甲', '执法员乙', '执法员丙', '执法员丁'];

describe('双随机 inspection plans over HTTP and Kafka', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  let submitter: string;
  let reader: string;
  let admin: string;
  const call = apiCaller(() => service.url);
  const gradeFor = (causationId: string) =>
    probe.waitForMessage((e) => e.type === 'grading-supervision.grade-recomputed' && e.causationId === causationId, 60_000) as Promise<EventEnvelope<GradeRecomputedV1>>;

  // A subject on the black list: graded C (100 − 40 = 60) before any plan.
  const blackListed = freshUscc('91450100');
  const ungraded = Array.from({ length: 20 }, () => freshUscc('91450100'));
  const planBody = (over: Record<string, unknown> = {}) => ({
    department: DEPARTMENT,
    subjectCodes: [...ungraded, blackListed],
    baseRatio: 0.5,
    inspectors: INSPECTORS,
    seed: 'e2e-2026-12',
    ...over,
  });

  beforeAll(async () => {
    db = await createTestDatabase('grading_inspection_e2e');
    probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents, TOPICS.reference], fromBeginning: false });
    publisher = await TestEventPublisher.connect({ clientId: 'grading-inspection-e2e' });
    // The documented defaults, given explicitly: the setting is parsed as a deployment writes it.
    service = await ServiceProcess.underTest('grading-supervision', db, { HTTP_DOCS_ENABLED: 'true', INSPECTION_GRADE_MULTIPLIERS: 'A=0.5, B=1, C=2, D=4', RULE_REGRADE_SCAN_SECONDS: '1' });
    submitter = await mintToken({ sub: MARKET_REGULATION, name: 'market-regulation', roles: ['submitter'] });
    reader = await mintToken({ sub: MARKET_REGULATION, name: 'market-regulation', roles: ['reader'] });
    admin = await mintToken({ sub: freshUscc('11450100'), name: 'credit-office', roles: ['admin'] });

    const listEntryId = randomUUID();
    const created = testEnvelope<ListEntryCreatedV1>({
      type: 'joint-punishment.list-entry-created',
      subjectKey: blackListed,
      stream: `list-entry-${listEntryId}`,
      data: {
        listEntryId,
        subjectCode: blackListed,
        maskedCode: blackListed,
        list: 'BLACK',
        category: 'MARKET',
        basis: { recordIds: [randomUUID()], document: '南市监信〔2026〕12号' },
        initiatingUnit: DEPARTMENT,
        decidedOn: '2026-07-01',
      },
    });
    await publisher.publish(created);
    expect((await gradeFor(created.id)).data).toMatchObject({ score: 60, grade: 'C', ruleVersion: 1 });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await probe?.stop();
    await db?.drop();
  });

  let planId: string;
  let selected: Array<{ subjectCode: string; grade: string; graded: boolean; inspectors: string[] }>;

  it('draws subjects by the ratio of their grade and two different inspectors each, reproducibly from the seed', async () => {
    const drawn = await call('POST', '/api/v1/inspection-plans', planBody(), bearer(submitter));
    expect(drawn.status).toBe(201);
    expect(drawn.body.ratiosByGrade).toEqual({ A: 0.25, B: 0.5, C: 1, D: 1 });
    expect(drawn.body.seed).toBe('e2e-2026-12');
    planId = drawn.body.id;
    selected = drawn.body.selected;
    // C at ratio 1: the black-listed subject is drawn; 20 never-graded subjects sampled as B at 0.5: exactly 10.
    expect(selected).toContainEqual(expect.objectContaining({ subjectCode: blackListed, grade: 'C', graded: true }));
    const asB = selected.filter((s) => s.grade === 'B');
    expect(asB).toHaveLength(10);
    for (const s of asB) expect(s.graded).toBe(false);
    for (const s of selected) {
      expect(s.inspectors).toHaveLength(2);
      expect(s.inspectors[0]).not.toBe(s.inspectors[1]);
      expect(INSPECTORS).toEqual(expect.arrayContaining(s.inspectors));
    }
    // 4 inspectors make 6 pairs: the first 6 subjects never share one.
    expect(new Set(selected.slice(0, 6).map((s) => [...s.inspectors].sort().join('|'))).size).toBe(6);

    const again = await call('POST', '/api/v1/inspection-plans', planBody({ subjectCodes: [...planBody().subjectCodes].reverse() }), bearer(submitter));
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(planId);
    expect(again.body.selected).toEqual(selected);

    // Without a seed one is generated, returned and kept.
    const unseeded = await call('POST', '/api/v1/inspection-plans', planBody({ seed: undefined }), bearer(submitter));
    expect(unseeded.status).toBe(201);
    expect(unseeded.body.seed).toMatch(/^[0-9a-f]{32}$/);

    const event = await probe.waitForMessage((e) => e.type === 'grading-supervision.inspection-plan-drawn' && e.stream === `inspection-plan-${planId}`, 60_000);
    expect(event.subjectKey).toBeNull();
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
  }, 120_000);

  it('refuses a plan in another department’s name (403) and malformed plans naming the field (400)', async () => {
    expect((await call('POST', '/api/v1/inspection-plans', planBody({ department: { name: '他局', code: freshUscc('11450100') } }), bearer(submitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/inspection-plans', planBody(), bearer(reader))).status).toBe(403);
    const fields = async (body: unknown) => {
      const response = await call('POST', '/api/v1/inspection-plans', body, bearer(submitter));
      expect(response.status).toBe(400);
      return (response.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fields(planBody({ subjectCodes: [] }))).toContain('subjectCodes');
    expect(await fields(planBody({ subjectCodes: [ungraded[0], '91450100MA5K1234XX'] }))).toContain('subjectCodes.1');
    expect(await fields(planBody({ subjectCodes: [ungraded[0], ungraded[0]] }))).toContain('subjectCodes.1');
    expect(await fields(planBody({ baseRatio: 0 }))).toContain('baseRatio');
    expect(await fields(planBody({ baseRatio: 1.5 }))).toContain('baseRatio');
    expect(await fields(planBody({ inspectors: ['执法员甲'] }))).toContain('inspectors');
    expect(await fields(planBody({ inspectors: ['执法员甲', '执法员甲'] }))).toContain('inspectors');
  });

  it('answers the plan to its department, 403 to another, 404 for an unknown plan', async () => {
    const read = await call('GET', `/api/v1/inspection-plans/${planId}`, undefined, bearer(reader));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: planId, department: DEPARTMENT, seed: 'e2e-2026-12', algorithm: 'sha256-ctr-fy-v1', ruleVersion: 1 });
    expect(read.body.selected.map((s: { subjectCode: string }) => s.subjectCode)).toEqual(selected.map((s) => s.subjectCode));
    const other = await mintToken({ sub: freshUscc('11450100'), name: 'other', roles: ['reader'] });
    expect((await call('GET', `/api/v1/inspection-plans/${planId}`, undefined, bearer(other))).status).toBe(403);
    expect((await call('GET', `/api/v1/inspection-plans/${randomUUID()}`, undefined, bearer(reader))).status).toBe(404);
  });

  it('turns a reported result into a factor of the grade, once per subject (409), never for a subject not drawn (422)', async () => {
    const inspected = selected.find((s) => s.grade === 'B')!.subjectCode;
    const notDrawn = ungraded.find((code) => !selected.some((s) => s.subjectCode === code))!;
    const other = await mintToken({ sub: freshUscc('11450100'), name: 'other', roles: ['submitter'] });
    const report = (subjectCode: string, outcome = 'PROBLEM_FOUND') => ({ results: [{ subjectCode, outcome, note: '未按规定公示年度报告' }] });

    expect((await call('POST', `/api/v1/inspection-plans/${planId}/results`, report(inspected), bearer(other))).status).toBe(403);
    expect((await call('POST', `/api/v1/inspection-plans/${randomUUID()}/results`, report(inspected), bearer(submitter))).status).toBe(404);
    const refused = await call('POST', `/api/v1/inspection-plans/${planId}/results`, report(notDrawn), bearer(submitter));
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/not drawn/);

    const reported = await call('POST', `/api/v1/inspection-plans/${planId}/results`, report(inspected), bearer(submitter));
    expect(reported.status).toBe(200);
    expect(reported.body.selected).toContainEqual(expect.objectContaining({ subjectCode: inspected, result: expect.objectContaining({ outcome: 'PROBLEM_FOUND' }) }));

    const result = await probe.waitForMessage((e) => e.type === 'grading-supervision.inspection-result-recorded' && e.subjectKey === inspected, 60_000);
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(result)))).toMatchObject({ ok: true });
    expect((await gradeFor(result.id)).data).toMatchObject({ score: 90, grade: 'A', previousGrade: null, ruleVersion: 1 });

    const grade = await call('GET', `/api/v1/grades/${inspected}`, undefined, bearer(reader));
    expect(grade.body).toMatchObject({
      score: 90,
      grade: 'A',
      ruleVersion: 1,
      factors: [{ source: 'grading-supervision.inspection-result-recorded', eventId: result.id, kind: 'INSPECTION', category: 'PROBLEM_FOUND', weight: -10, contribution: -10, effect: -10 }],
    });

    const twice = await call('POST', `/api/v1/inspection-plans/${planId}/results`, report(inspected, 'NO_PROBLEM'), bearer(submitter));
    expect(twice.status).toBe(409);
    const malformed = await call('POST', `/api/v1/inspection-plans/${planId}/results`, { results: [{ subjectCode: inspected, outcome: 'MAYBE', note: 'x' }] }, bearer(submitter));
    expect(malformed.status).toBe(400);

    const history = await call('GET', `/api/v1/grades/${inspected}/history`, undefined, bearer(reader));
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ subjectCode: inspected, total: 1, items: [{ score: 90, grade: 'A', ruleVersion: 1, triggerEventId: result.id }] });
  }, 120_000);

  it('draws a subject at the C ratio once a serious penalty drops its grade from B to C, the grade naming the penalty event', async () => {
    const subject = freshUscc('91450100');
    const others = Array.from({ length: 3 }, () => freshUscc('91450100'));
    const publishPenalty = async (severity: 'GENERAL' | 'SERIOUS') => {
      const penaltyId = randomUUID();
      const published = testEnvelope({ type: 'double-publicity.penalty-published', subjectKey: subject, stream: `penalty-${penaltyId}`, data: penaltyPublished(subject, penaltyId, severity) });
      await publisher.publish(published);
      return { published, grade: (await gradeFor(published.id)).data };
    };
    // base 0.5: B at 0.5 (of 4 subjects exactly 2 drawn), C at 1 (always drawn).
    const plan = async (seed: string) => {
      const res = await call('POST', '/api/v1/inspection-plans', planBody({ subjectCodes: [subject, ...others], baseRatio: 0.5, seed }), bearer(submitter));
      expect(res.status).toBe(201);
      return res.body as { ratiosByGrade: Record<string, number>; population: Record<string, number>; selected: Array<{ subjectCode: string; grade: string }> };
    };

    // Two general penalties: 100 − 10 − 10 = 80, grade B.
    await publishPenalty('GENERAL');
    expect((await publishPenalty('GENERAL')).grade).toMatchObject({ score: 80, grade: 'B' });
    const before = await plan('b-to-c-before');
    expect(before.population).toEqual({ A: 0, B: 4, C: 0, D: 0 });
    expect(before.selected).toHaveLength(2);
    for (const s of before.selected) expect(s.grade).toBe('B');

    // A serious one: 80 − 25 = 55, grade C; the grade's factors name the penalty's event.
    const serious = await publishPenalty('SERIOUS');
    expect(serious.grade).toMatchObject({ score: 55, grade: 'C', previousGrade: 'B', triggerEventId: serious.published.id });
    const grade = await call('GET', `/api/v1/grades/${subject}`, undefined, bearer(reader));
    expect(grade.body).toMatchObject({ grade: 'C', score: 55 });
    expect(grade.body.factors).toContainEqual(expect.objectContaining({ source: 'double-publicity.penalty-published', eventId: serious.published.id, contribution: -25 }));

    // The next plan draws it at the C ratio: population C 1, and it is drawn, as C, whatever the seed.
    for (const seed of ['b-to-c-after-1', 'b-to-c-after-2', 'b-to-c-after-3']) {
      const after = await plan(seed);
      expect(after.ratiosByGrade).toMatchObject({ B: 0.5, C: 1 });
      expect(after.population).toEqual({ A: 0, B: 3, C: 1, D: 0 });
      expect(after.selected).toContainEqual(expect.objectContaining({ subjectCode: subject, grade: 'C' }));
    }
  }, 180_000);

  it('dates a plan (inspectionDate, the day after which the credit website publishes it) and refuses a date in the past (400)', async () => {
    const dated = await call('POST', '/api/v1/inspection-plans', planBody({ inspectionDate: '2099-01-01' }), bearer(submitter));
    expect(dated.status).toBe(400);
    expect(dated.body.errors.map((e: { field: string }) => e.field)).toContain('inspectionDate');
    const past = await call('POST', '/api/v1/inspection-plans', planBody({ inspectionDate: '2020-01-01' }), bearer(submitter));
    expect(past.status).toBe(400);
    const today = todayInShanghai();
    const undated = await call('POST', '/api/v1/inspection-plans', planBody(), bearer(submitter));
    expect(undated.body).toMatchObject({ drawnOn: today, inspectionDate: today, publicFrom: addDays(today, 1) });
    const later = addDays(today, 10);
    const plan = await call('POST', '/api/v1/inspection-plans', planBody({ inspectionDate: later }), bearer(submitter));
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ drawnOn: today, inspectionDate: later, publicFrom: addDays(later, 1) });
    const event = await probe.waitForMessage((e) => e.type === 'grading-supervision.inspection-plan-drawn' && e.stream === `inspection-plan-${plan.body.id}`, 60_000);
    expect(event.data).toMatchObject({ inspectionDate: later });
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
  }, 120_000);

  it('counts an industry evaluation of the department, in its own name only, a later one replacing it', async () => {
    const subject = freshUscc('91450100');
    const body = (grade: string, over: Record<string, unknown> = {}) => ({
      subjectCode: subject,
      department: DEPARTMENT,
      industry: '食品生产',
      grade,
      validUntil: '2099-12-31',
      basis: '《食品生产经营企业信用评价办法》',
      ...over,
    });
    const recorded = await call('POST', '/api/v1/industry-evaluations', body('D'), bearer(submitter));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ subjectCode: subject, grade: 'D', industry: '食品生产' });
    const event = await probe.waitForMessage((e) => e.type === 'grading-supervision.industry-evaluation-recorded' && e.subjectKey === subject, 60_000);
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    expect((await gradeFor(event.id)).data).toMatchObject({ score: 80, grade: 'B' });

    const better = await call('POST', '/api/v1/industry-evaluations', body('A'), bearer(submitter));
    expect(better.status).toBe(201);
    expect(better.body).toMatchObject({ grade: 'A', supersedes: recorded.body.id });
    const grade = await call('GET', `/api/v1/grades/${subject}`, undefined, bearer(reader));
    expect(grade.body).toMatchObject({ score: 100, grade: 'A', factors: [{ kind: 'INDUSTRY_EVALUATION', category: 'A', weight: 5, contribution: 0, recordId: better.body.id }] });

    expect((await call('POST', '/api/v1/industry-evaluations', body('C', { department: { name: '他局', code: freshUscc('11450100') } }), bearer(submitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/industry-evaluations', body('C', { validUntil: '2020-01-01' }), bearer(submitter))).status).toBe(422);
    const bad = await call('POST', '/api/v1/industry-evaluations', body('E', { subjectCode: '91450100MA5K1234XX' }), bearer(submitter));
    expect(bad.status).toBe(400);
  }, 120_000);

  it('keeps the scoring rule as versions: one effective before today is refused (422), one from today regrades from today', async () => {
    const rules = await call('GET', '/api/v1/scoring-rules', undefined, bearer(reader));
    expect(rules.body).toMatchObject({ inEffect: 1, versions: [{ version: 1, effectiveFrom: '2000-01-01', thresholds: { A: 90, B: 70, C: 50 } }] });
    const weights = { penalty: { GENERAL: -10, SERIOUS: -25 }, listEntry: { BLACK: -45, RED: 10 }, commitment: { BREACHED: -15, FALSE: -15 }, inspection: { NO_PROBLEM: 0, PROBLEM_FOUND: -10, NOT_FOUND: -15 }, thresholds: { A: 90, B: 70, C: 50 } };
    const past = await call('POST', '/api/v1/scoring-rules', { effectiveFrom: '2020-01-01', reason: '试行', ...weights }, bearer(admin));
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(/today/);
    expect((await call('POST', '/api/v1/scoring-rules', { effectiveFrom: todayInShanghai(), reason: '试行', ...weights }, bearer(submitter))).status).toBe(403);
    const badThresholds = await call('POST', '/api/v1/scoring-rules', { effectiveFrom: todayInShanghai(), reason: '试行', ...weights, thresholds: { A: 50, B: 70, C: 90 } }, bearer(admin));
    expect(badThresholds.status).toBe(400);

    const defined = await call('POST', '/api/v1/scoring-rules', { effectiveFrom: todayInShanghai(), reason: '南宁市信用办〔2026〕5号', ...weights }, bearer(admin));
    expect(defined.status).toBe(201);
    expect(defined.body).toMatchObject({ version: 2, effectiveFrom: todayInShanghai() });
    // The black-listed subject: 100 − 45 = 55 by version 2.
    expect((await call('GET', `/api/v1/grades/${blackListed}`, undefined, bearer(reader))).body).toMatchObject({ score: 55, grade: 'C', ruleVersion: 2 });
    // The regrade scan publishes the grades version 1 computed again, by version 2, caused by its definition.
    const definition = await probe.waitForMessage((e) => e.type === 'grading-supervision.scoring-rule-defined', 60_000);
    expect(definition.data).toMatchObject({ version: 2 });
    const regraded = await probe.waitForMessage(
      (e) => e.type === 'grading-supervision.grade-recomputed' && e.causationId === definition.id && e.subjectKey === blackListed,
      60_000,
    );
    expect(regraded.data).toMatchObject({ score: 55, grade: 'C', previousGrade: 'C', ruleVersion: 2, triggerType: 'grading-supervision.scoring-rule-defined' });
  }, 120_000);

  it('documents the new routes in its OpenAPI document', async () => {
    const docs = await call('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/inspection-plans',
        '/api/v1/inspection-plans/{id}',
        '/api/v1/inspection-plans/{id}/results',
        '/api/v1/grades/{subjectCode}/history',
        '/api/v1/scoring-rules',
        '/api/v1/industry-evaluations',
      ]),
    );
  });

  it('masks a natural person drawn in a plan', async () => {
    const person = freshCitizenId();
    const drawn = await call('POST', '/api/v1/inspection-plans', planBody({ subjectCodes: [person], baseRatio: 1 }), bearer(submitter));
    expect(drawn.status).toBe(201);
    expect(drawn.body.selected).toHaveLength(1);
    expect(JSON.stringify(drawn.body)).not.toContain(person);
  });
});

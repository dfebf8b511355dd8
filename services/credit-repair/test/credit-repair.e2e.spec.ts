/**
 * Credit repair (信用修复) as department systems and the other services meet it: the compiled
 * service in its own process, over HTTP, on a real PostgreSQL and a real Kafka broker, consuming
 * credit.subject-events in a fresh consumer group. The other services' events are published here
 * as they publish them. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type EventEnvelope } from '@credit/contracts';
import { CHINA_WORKING_DAY_CALENDAR, provisionalCalendarYear, todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { CalendarService } from '@credit/platform';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreditRepairConfig, type CreditRepairEnv } from '../src/config';
import { RepairCalendarReaction } from '../src/repairs/repair-calendar.reaction';
import { HANDLING_WORKING_DAYS, RepairsService } from '../src/repairs/repairs.service';

const CREDIT_OFFICE = '11450100007712342F';
const MARKET_BUREAU = freshUscc('11450100');

describe('credit repair over HTTP and Kafka', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  let submitter: string;
  let reviewer: string;
  let reader: string;

  const call = apiCaller(() => service.url);
  const as = bearer;

  /** An envelope as the producing service publishes it. */
  const envelope = <T>(type: string, subjectKey: string, stream: string, data: T, correlationId?: string, causationId?: string | null) =>
    testEnvelope({ type, subjectKey, stream, data, correlationId, causationId, actor: { departmentCode: MARKET_BUREAU, user: 'producer' } });
  const publish = (event: EventEnvelope) => publisher.publish(event);
  const penaltyPublished = (subject: string, penaltyId: string, publicity: { from: string; minimumUntil: string; maximumUntil: string }) =>
    envelope('double-publicity.penalty-published', subject, `penalty-${penaltyId}`, {
      penaltyId,
      decisionNumber: `南市监罚〔2025〕${Math.floor(Math.random() * 1000)}号`,
      subject: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject, name: '南宁市示例科技有限公司' },
      violationType: '虚假宣传',
      violationFacts: '发布虚假广告',
      basis: '《广告法》第五十五条',
      categories: ['警告'],
      content: '警告',
      decidedOn: publicity.from,
      severity: 'GENERAL',
      procedure: 'ORDINARY',
      authority: { name: '南宁市市场监督管理局', code: MARKET_BUREAU },
      sourceUnit: { name: '南宁市市场监督管理局', code: MARKET_BUREAU },
      timely: true,
      publicity: { status: 'PUBLISHED', regime: 'NDRC-2023-58', ...publicity },
    });
  const repairCommitment = (subject: string, commitmentId: string) =>
    envelope('commitments.commitment-signed', subject, `commitment-${commitmentId}`, {
      commitmentId,
      subject: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject },
      type: 'CREDIT_REPAIR',
      matter: '信用修复承诺',
      text: '本单位承诺已纠正失信行为并履行法定义务',
      signedOn: '2026-01-05',
      public: true,
      acceptingUnit: { name: '南宁市发展和改革委员会', code: CREDIT_OFFICE },
    });
  const application = (subjectCode: string, penaltyId: string) => ({
    subjectCode,
    target: { type: 'PENALTY', id: penaltyId },
    evidence: [{ kind: 'CORRECTION', description: '已整改并提交整改报告' }],
  });
  const ofCorrelation = (correlationId: string, type: string) => (e: EventEnvelope) => e.correlationId === correlationId && e.type === type;

  /** Publishes the records a subject needs to be eligible and waits until the service has them. */
  async function eligibleSubject(): Promise<{ subject: string; penaltyId: string }> {
    const subject = freshUscc();
    const penaltyId = randomUUID();
    await publish(penaltyPublished(subject, penaltyId, { from: '2024-01-10', minimumUntil: '2024-04-10', maximumUntil: '2027-01-10' }));
    await publish(repairCommitment(subject, randomUUID()));
    return { subject, penaltyId };
  }

  /** The consumer is asynchronous: retry while the target has not arrived yet. */
  async function applyWhenKnown(body: unknown) {
    for (let i = 0; ; i++) {
      const response = await call('POST', '/api/v1/repair-applications', body, as(submitter));
      if (response.status !== 422 || !['repair.target-unknown', 'repair.commitment-required'].includes(response.body.rule) || i > 120) return response;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('credit_repair_e2e');
    probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents], fromBeginning: false });
    publisher = await TestEventPublisher.connect({ clientId: 'credit-repair-e2e' });
    // Tiny deadlines, so that the alert of an effect that never arrives can be watched.
    service = await ServiceProcess.underTest('credit-repair', db, { REPAIR_EFFECT_DEADLINE_SECONDS: '4', REPAIR_OVERDUE_SCAN_SECONDS: '1' });
    submitter = await mintToken({ sub: MARKET_BUREAU, name: 'market-bureau', roles: ['submitter'] });
    reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer'] });
    reader = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await probe?.stop();
    await db?.drop();
  });

  it('applies, refuses too early a repair naming the rule and date, approves, follows every effect to COMPLETED', async () => {
    const { subject, penaltyId } = await eligibleSubject();
    const applied = await applyWhenKnown(application(subject, penaltyId));
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'SUBMITTED', dueBy: expect.stringMatching(/T23:59:59\.999\+08:00$/) });
    expect(applied.body.dueBy.slice(0, 10) > todayInShanghai()).toBe(true);
    const id: string = applied.body.id;

    const again = await call('POST', '/api/v1/repair-applications', application(subject, penaltyId), as(submitter));
    expect(again.status).toBe(409);

    // A penalty whose minimum publicity period ends in the future: refused until then.
    const recent = randomUUID();
    await publish(penaltyPublished(subject, recent, { from: '2026-01-05', minimumUntil: '2099-04-05', maximumUntil: '2099-12-31' }));
    const early = await applyWhenKnown(application(subject, recent));
    expect(early.status).toBe(422);
    expect(early.contentType).toContain('application/problem+json');
    expect(early.body).toMatchObject({ rule: 'repair.minimum-publicity-period', allowedFrom: '2099-04-05' });
    expect(early.body.detail).toContain('2099-04-05');

    expect((await call('POST', `/api/v1/repair-applications/${id}/decision`, { approved: true, reason: '已履行' }, as(submitter))).status).toBe(403);
    const decided = await call('POST', `/api/v1/repair-applications/${id}/decision`, { approved: true, reason: '已纠正失信行为并履行义务' }, as(reviewer));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ id, status: 'APPROVED' });
    expect(decided.body.effects.map((e: { effect: string; status: string }) => [e.effect, e.status]).sort()).toEqual(
      [
        ['delivered-credit-china', 'PENDING'],
        ['delivered-enterprise-publicity', 'PENDING'],
        ['grade-recomputed', 'PENDING'],
        ['list-entries-exited', 'PENDING'],
        ['publicity-withdrawn', 'PENDING'],
        ['website-cleared', 'PENDING'],
      ],
    );
    const twice = await call('POST', `/api/v1/repair-applications/${id}/decision`, { approved: false, reason: '重复' }, as(reviewer));
    expect(twice.status).toBe(422);
    expect(twice.body).toMatchObject({ rule: 'repair.already-decided' });

    const approved = await probe.waitForMessage(ofCorrelation(id, 'credit-repair.repair-approved'), 30_000);
    const message = probe.messages.find((m) => m.envelope?.id === approved.id)!;
    expect(message.key).toBe(subject);
    expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
    expect(approved).toMatchObject({ subjectKey: subject, stream: `repair-${id}`, data: { applicationId: id, target: { type: 'PENALTY', id: penaltyId }, decidingUnitCode: CREDIT_OFFICE } });
    // The approval records the effects it waits for, the website's among them.
    expect((approved.data as { effects: { effect: string }[] }).effects.map((e) => e.effect)).toContain('website-cleared');

    // The other services' acknowledgements, as they publish them (correlationId = the application id).
    const withdrawn = envelope('double-publicity.penalty-publicity-withdrawn', subject, `penalty-${penaltyId}`, { penaltyId, reason: 'REPAIR', repairApplicationId: id, withdrawnOn: todayInShanghai() }, id, approved.id);
    const grade = (trigger: EventEnvelope) =>
      envelope('grading-supervision.grade-recomputed', subject, `grade-${subject}`, { score: 80, grade: 'B', previousGrade: 'C', factors: [], triggerEventId: trigger.id, triggerType: trigger.type }, id, trigger.id);
    const exited = envelope('joint-punishment.repair-effects-completed', subject, `repair-effects-${id}`, { repairApplicationId: id, listEntryIds: [] }, id, approved.id);
    const delivered = (target: string) =>
      envelope('national-connector.delivery-acknowledged', subject, `delivery-${target}-${id}`, {
        deliveryId: randomUUID(), sourceEventId: approved.id, sourceType: 'credit-repair.repair-approved', target, endpoint: '/repair-results', attempts: 1, httpStatus: 200, deliveredAt: new Date().toISOString(),
      }, id, approved.id);
    const refused = envelope('national-connector.delivery-failed', subject, `delivery-enterprise-publicity-${id}`, {
      deliveryId: randomUUID(), sourceEventId: approved.id, sourceType: 'credit-repair.repair-approved', target: 'enterprise-publicity', endpoint: '/repair-results',
      attempts: 1, httpStatus: 400, deliveredAt: new Date().toISOString(), error: 'HTTP 400: 主体名称与代码不一致',
    }, id, approved.id);
    const websiteCleared = envelope('credit-portal.repair-publication-cleared', subject, `repair-clearance-${id}`, { repairApplicationId: id, target: { type: 'PENALTY', id: penaltyId } }, id, approved.id);
    const earlyGrade = grade(withdrawn);
    const lateGrade = grade(exited);
    for (const event of [withdrawn, earlyGrade, exited, lateGrade, delivered('credit-china'), websiteCleared, refused]) await publish(event);
    await publish(exited); // a redelivery changes nothing

    // A national platform refused one delivery (4xx): that effect shows FAILED with the answer, the application stays APPROVED.
    const failed = await probe.waitForMessage(ofCorrelation(id, 'credit-repair.repair-effect-failed'), 60_000);
    expect(failed).toMatchObject({ causationId: refused.id, data: { effect: 'delivered-enterprise-publicity', failedBy: refused.id, error: 'HTTP 400: 主体名称与代码不一致' } });
    const halfway = await call('GET', `/api/v1/repair-applications/${id}`, undefined, as(reader));
    expect(halfway.body.status).toBe('APPROVED');
    expect(halfway.body.effects.find((e: { effect: string }) => e.effect === 'delivered-enterprise-publicity')).toMatchObject({ status: 'FAILED', error: 'HTTP 400: 主体名称与代码不一致' });
    // Operations fix the cause and retry the delivery; its acknowledgement completes the repair.
    await publish(delivered('enterprise-publicity'));

    const completed = await probe.waitForMessage(ofCorrelation(id, 'credit-repair.repair-completed'), 60_000);
    expect(completed).toMatchObject({ subjectKey: subject, data: { applicationId: id } });
    const confirmations = probe.envelopes.filter(ofCorrelation(id, 'credit-repair.repair-effect-confirmed'));
    expect(confirmations).toHaveLength(6);
    // The grade that counts is the one recomputed after both the withdrawal and the exits.
    expect(confirmations.find((e) => (e.data as { effect: string }).effect === 'grade-recomputed')).toMatchObject({ causationId: lateGrade.id, data: { confirmedBy: lateGrade.id } });

    const view = await call('GET', `/api/v1/repair-applications/${id}`, undefined, as(reader));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id, status: 'COMPLETED', subjectCode: subject, target: { type: 'PENALTY', id: penaltyId }, completedAt: expect.any(String), decidedAt: expect.any(String) });
    expect(view.body.effects).toHaveLength(6);
    for (const effect of view.body.effects) expect(effect).toMatchObject({ status: 'DONE', at: expect.any(String) });
    expect(view.body.effects.some((e: { error?: string }) => e.error !== undefined)).toBe(false);
    expect((await call('GET', `/api/v1/repair-applications/${randomUUID()}`, undefined, as(reader))).status).toBe(404);
  }, 180_000);

  it('raises one overdue alert per effect that does not arrive by its deadline, and counts it', async () => {
    const { subject, penaltyId } = await eligibleSubject();
    const applied = await applyWhenKnown(application(subject, penaltyId));
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    expect((await call('POST', `/api/v1/repair-applications/${id}/decision`, { approved: true, reason: '已履行' }, as(reviewer))).status).toBe(200);

    const alerts = await probe.waitForMessages(ofCorrelation(id, 'credit-repair.repair-effect-overdue'), 6, 60_000);
    expect(alerts.map((a) => (a.data as { effect: string }).effect).sort()).toEqual([
      'delivered-credit-china',
      'delivered-enterprise-publicity',
      'grade-recomputed',
      'list-entries-exited',
      'publicity-withdrawn',
      'website-cleared',
    ]);
    for (const alert of alerts) expect(eventRegistry.validate(JSON.parse(JSON.stringify(alert))).ok).toBe(true);
    // Scans keep running: no second alert for the same effect.
    await new Promise((r) => setTimeout(r, 3000));
    expect(probe.envelopes.filter(ofCorrelation(id, 'credit-repair.repair-effect-overdue'))).toHaveLength(6);

    const metrics = await fetch(`${service.url}/metrics`);
    const text = await metrics.text();
    const overdue = text.split('\n').filter((l) => l.startsWith('credit_repair_effects_overdue_total{'));
    expect(overdue.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0)).toBeGreaterThanOrEqual(6);
    expect(text).toContain('credit_repair_effects_pending');

    const view = await call('GET', `/api/v1/repair-applications/${id}`, undefined, as(reader));
    expect(view.body).toMatchObject({ status: 'APPROVED' });
    expect(view.body.effects.every((e: { status: string; overdue: boolean }) => e.status === 'PENDING' && e.overdue)).toBe(true);
  }, 120_000);
  it('judges eligibility from a corrected penalty: a window corrected to end earlier lets the application in', async () => {
    const subject = freshUscc();
    const penaltyId = randomUUID();
    const late = penaltyPublished(subject, penaltyId, { from: '2026-01-05', minimumUntil: '2099-01-05', maximumUntil: '2099-12-31' });
    await publish(late);
    await publish(repairCommitment(subject, randomUUID()));
    const early = await applyWhenKnown(application(subject, penaltyId));
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'repair.minimum-publicity-period', allowedFrom: '2099-01-05' });

    const corrected = penaltyPublished(subject, penaltyId, { from: '2024-01-10', minimumUntil: '2024-04-10', maximumUntil: '2027-01-10' });
    await publish(
      envelope('double-publicity.penalty-corrected', subject, `penalty-${penaltyId}`, {
        penaltyId,
        reason: '处罚决定日期录入错误',
        changes: [{ field: 'decidedOn', before: '2026-01-05', after: '2024-01-10' }],
        record: corrected.data,
      }),
    );
    let applied = await applyWhenKnown(application(subject, penaltyId));
    for (let i = 0; applied.status === 422 && applied.body.rule === 'repair.minimum-publicity-period' && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      applied = await applyWhenKnown(application(subject, penaltyId));
    }
    expect(applied.status).toBe(201);
  }, 120_000);

  it('records the calendar of its due time, and recomputes it through an event when that year\'s schedule is published again', async () => {
    const { subject, penaltyId } = await eligibleSubject();
    const applied = await applyWhenKnown(application(subject, penaltyId));
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    const appliedOn = todayInShanghai();
    const expected = new WorkingDayCalendar().deadline(appliedOn, HANDLING_WORKING_DAYS);
    expect(applied.body).toMatchObject({ dueBy: expected.dueBy, dueByProvisional: expected.provisional });
    const before = await call('GET', `/api/v1/repair-applications/${id}`, undefined, as(reader));
    expect(before.body).toMatchObject({ dueByProvisional: expected.provisional, calendar: expected.calendar });

    // The credit office makes the due day a holiday: a new version of its year (in this service's database only,
    // applied as the consumer applies calendar-year-published).
    const year = Number(expected.dueOn.slice(0, 4));
    const base = CHINA_WORKING_DAY_CALENDAR.find((entry) => entry.year === year) ?? provisionalCalendarYear(year);
    const publication = {
      year,
      version: expected.calendar.find((basis) => basis.year === year)!.version + 1,
      source: `${year}年节假日安排（测试：增补一日）`,
      holidays: [...base.holidays.map(([from, to]) => [from, to] as [string, string]), [expected.dueOn, expected.dueOn] as [string, string]],
      workingWeekendDays: [...base.workingWeekendDays],
    };
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    try {
      const calendar = new CalendarService(dataSource);
      await calendar.refresh();
      const repairs = new RepairsService(new EventStore(dataSource), dataSource, new CreditRepairConfig(service.env as unknown as CreditRepairEnv), calendar);
      new RepairCalendarReaction(calendar, repairs).onModuleInit();
      const causationId = randomUUID();
      await dataSource.transaction((manager) => calendar.applyPublished(manager, publication, { correlationId: randomUUID(), causationId, actor: { departmentCode: CREDIT_OFFICE, user: 'credit-office' } }));
      const moved = calendar.calendar.deadline(appliedOn, HANDLING_WORKING_DAYS);
      expect(moved.dueOn > expected.dueOn).toBe(true);

      const after = await call('GET', `/api/v1/repair-applications/${id}`, undefined, as(reader));
      expect(after.body).toMatchObject({ status: 'SUBMITTED', dueBy: new Date(moved.dueBy).toISOString(), calendar: moved.calendar });
      const [event] = await queryDatabase(db.url, `SELECT correlation_id, causation_id, data FROM events WHERE stream_id = $1 AND type = 'credit-repair.repair-due-date-recomputed'`, [`repair-${id}`]);
      // Under the application id, like every event of the repair, caused by the publication.
      expect(event).toMatchObject({ correlation_id: id, causation_id: causationId, data: { applicationId: id, calendarYear: year, movedEarlier: false } });
      expect(Date.parse(event.data.previousDueBy)).toBe(Date.parse(expected.dueBy));
      const onTopic = await probe.waitForMessage((e) => e.type === 'credit-repair.repair-due-date-recomputed' && e.correlationId === id, 30_000);
      expect(eventRegistry.validate(onTopic)).toMatchObject({ ok: true });
    } finally {
      await dataSource.destroy();
    }
  });
});

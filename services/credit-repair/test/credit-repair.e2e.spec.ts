/**
 * Credit repair (信用修复) as department systems and the other services meet it: the compiled
 * service in its own process, over HTTP, on a real PostgreSQL and a real Kafka broker, consuming
 * credit.subject-events in a fresh consumer group. The other services' events are published here
 * as they publish them. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type EventEnvelope } from '@credit/contracts';
import { CHINA_WORKING_DAY_CALENDAR, provisionalCalendarYear, todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { CalendarService, PlatformConfig, RestrictedReads } from '@credit/platform';
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
  waitFor,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreditRepairConfig, type CreditRepairEnv } from '../src/config';
import { RepairCalendarReaction } from '../src/repairs/repair-calendar.reaction';
import { HANDLING_WORKING_DAYS, RepairsService } from '../src/repairs/repairs.service';

/** The credit office (CREDIT_OFFICE_UNIT_CODE of the service under test): its reviewers may decide any repair. */
const CREDIT_OFFICE = '11450100007712342F';
/** The deciding authority of every penalty published here. */
const MARKET_BUREAU = freshUscc('11450100');
/** A department that decided none of them. */
const TAX_BUREAU = freshUscc('11450100');

describe('credit repair over HTTP and Kafka', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  let submitter: string;
  /** The credit office's reviewer. */
  let reviewer: string;
  /** The market bureau's reviewer: the deciding authority of the penalties. */
  let authorityReviewer: string;
  let otherReviewer: string;
  let reader: string;
  let ops: string;

  const call = apiCaller(() => service.url);
  const as = bearer;

  /** An envelope as the producing service publishes it. */
  const envelope = <T>(type: string, subjectKey: string, stream: string, data: T, correlationId?: string, causationId?: string | null) =>
    testEnvelope({ type, subjectKey, stream, data, correlationId, causationId, actor: { departmentCode: MARKET_BUREAU, user: 'producer' } });
  const decide = (id: string, token: string, approved = true, reason = '已纠正失信行为并履行义务') =>
    call('POST', `/api/v1/repair-applications/${id}/decision`, { approved, reason }, as(token));
  const read = (id: string, token = ops) => call('GET', `/api/v1/repair-applications/${id}`, undefined, as(token));
  const eventsOf = async (id: string) =>
    (await queryDatabase<{ type: string }>(db.url, `SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`repair-${id}`])).map((e) => e.type);
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
    service = await ServiceProcess.underTest('credit-repair', db, {
      REPAIR_EFFECT_DEADLINE_SECONDS: '4',
      REPAIR_OVERDUE_SCAN_SECONDS: '1',
      CREDIT_OFFICE_UNIT_CODE: CREDIT_OFFICE,
    });
    submitter = await mintToken({ sub: MARKET_BUREAU, name: 'market-bureau', roles: ['submitter'] });
    reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer'] });
    authorityReviewer = await mintToken({ sub: MARKET_BUREAU, name: 'market-bureau', roles: ['reviewer'] });
    otherReviewer = await mintToken({ sub: TAX_BUREAU, name: 'tax-bureau', roles: ['reviewer', 'reader'] });
    reader = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reader'] });
    ops = await mintToken({ sub: CREDIT_OFFICE, name: 'platform-operations', roles: ['ops'] });
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
    expect(again.body).toMatchObject({ type: 'urn:credit:problem:conflict', rule: 'repair.application-open' });

    // A penalty whose minimum publicity period ends in the future: refused until then.
    const recent = randomUUID();
    await publish(penaltyPublished(subject, recent, { from: '2026-01-05', minimumUntil: '2099-04-05', maximumUntil: '2099-12-31' }));
    const early = await applyWhenKnown(application(subject, recent));
    expect(early.status).toBe(422);
    expect(early.contentType).toContain('application/problem+json');
    expect(early.body).toMatchObject({ rule: 'repair.minimum-publicity-period', allowedFrom: '2099-04-05' });
    expect(early.body.detail).toContain('2099-04-05');

    expect((await call('POST', `/api/v1/repair-applications/${id}/decision`, { approved: true, reason: '已履行' }, as(submitter))).status).toBe(403);
    // The penalty's deciding authority decides its repair (谁认定、谁修复).
    const decided = await decide(id, authorityReviewer);
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
    const twice = await decide(id, authorityReviewer, false, '重复');
    expect(twice.status).toBe(409);
    expect(twice.contentType).toContain('application/problem+json');
    expect(twice.body).toMatchObject({ type: 'urn:credit:problem:conflict', status: 409, rule: 'repair.already-decided' });

    const approved = await probe.waitForMessage(ofCorrelation(id, 'credit-repair.repair-approved'), 30_000);
    const message = probe.messages.find((m) => m.envelope?.id === approved.id)!;
    expect(message.key).toBe(subject);
    expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
    expect(approved).toMatchObject({ subjectKey: subject, stream: `repair-${id}`, data: { applicationId: id, target: { type: 'PENALTY', id: penaltyId }, decidingUnitCode: MARKET_BUREAU } });
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

  it('谁认定、谁修复: another department and the applicant itself are refused (403) and change nothing; the deciding authority approves, once', async () => {
    const { subject, penaltyId } = await eligibleSubject();
    const applied = await applyWhenKnown(application(subject, penaltyId));
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    const before = await read(id);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ id, status: 'SUBMITTED', effects: [] });

    // A reviewer of a department that did not decide the penalty.
    const other = await decide(id, otherReviewer);
    expect(other.status).toBe(403);
    expect(other.contentType).toContain('application/problem+json');
    expect(other.body).toMatchObject({ type: 'urn:credit:problem:forbidden', status: 403 });
    expect(other.body.detail).toContain(MARKET_BUREAU);

    // The applicant's own token (its sub is the subject's USCC), as a reviewer and even as an administrator.
    for (const roles of [['reviewer'], ['reviewer', 'admin']]) {
      const own = await decide(id, await mintToken({ sub: subject, name: 'the applicant', roles }));
      expect(own.status).toBe(403);
      expect(own.body.detail).toContain('applicant');
    }

    // The refusals left the application as it was: nothing decided, nothing appended, nothing sent to
    // double-publicity (an approval on the topic is what withdraws the penalty from publicity).
    expect((await read(id)).body).toEqual(before.body);
    expect(await eventsOf(id)).toEqual(['credit-repair.repair-applied']);
    expect(probe.envelopes.filter(ofCorrelation(id, 'credit-repair.repair-approved'))).toEqual([]);

    // Who reads it: the subject and the deciding unit with any role; not another department.
    expect((await read(id, await mintToken({ sub: subject, name: 'the applicant', roles: ['reader'] }))).status).toBe(200);
    expect((await read(id, await mintToken({ sub: MARKET_BUREAU, name: 'market-bureau', roles: ['submitter'] }))).status).toBe(200);
    const peek = await read(id, otherReviewer);
    expect(peek.status).toBe(403);
    expect(peek.body).toMatchObject({ type: 'urn:credit:problem:forbidden' });
    expect(peek.text).not.toContain(penaltyId);
    // Reads by a unit the application does not belong to (operations, twice above) are on record; the subject's and the deciding unit's are not.
    const recorded = await queryDatabase(db.url, `SELECT reader_unit, reader_roles FROM restricted_reads WHERE resource = 'repair-application' AND resource_id = $1`, [id]);
    expect(recorded).toEqual([
      { reader_unit: CREDIT_OFFICE, reader_roles: ['ops'] },
      { reader_unit: CREDIT_OFFICE, reader_roles: ['ops'] },
    ]);

    const approved = await decide(id, authorityReviewer);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id, status: 'APPROVED' });
    const again = await decide(id, authorityReviewer);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'urn:credit:problem:conflict', rule: 'repair.already-decided' });
    // Who may decide is checked first: the applicant learns nothing of the state.
    expect((await decide(id, await mintToken({ sub: subject, name: 'the applicant', roles: ['reviewer'] }))).status).toBe(403);

    await probe.waitForMessage(ofCorrelation(id, 'credit-repair.repair-approved'), 30_000);
    expect(await eventsOf(id)).toEqual(['credit-repair.repair-applied', 'credit-repair.repair-approved']);
    const approvals = probe.envelopes.filter(ofCorrelation(id, 'credit-repair.repair-approved'));
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ actor: { departmentCode: MARKET_BUREAU }, data: { decidingUnitCode: MARKET_BUREAU } });
  }, 120_000);

  it("decides a list entry's repair by its initiating unit, and fails closed where the deciding unit is unknown (only the credit office decides)", async () => {
    const subject = freshUscc();
    const listEntryId = randomUUID();
    await publish(
      envelope('joint-punishment.list-entry-created', subject, `list-entry-${listEntryId}`, {
        listEntryId,
        subjectCode: subject,
        maskedCode: subject,
        list: 'BLACK',
        category: '重大税收违法失信主体名单',
        basis: { recordIds: [], document: '南税稽列〔2025〕7号' },
        initiatingUnit: { name: '国家税务总局南宁市税务局', code: TAX_BUREAU },
        decidedOn: '2025-07-01',
      }),
    );
    await publish(repairCommitment(subject, randomUUID()));
    const onEntry = await applyWhenKnown({
      subjectCode: subject,
      target: { type: 'LIST_ENTRY', id: listEntryId },
      evidence: [{ kind: 'TAX_PAID', description: '已补缴税款及滞纳金' }],
    });
    expect(onEntry.status).toBe(201);
    const entryApplication: string = onEntry.body.id;
    // The market bureau decided no part of this entry.
    const notTheInitiator = await decide(entryApplication, authorityReviewer);
    expect(notTheInitiator.status).toBe(403);
    expect(notTheInitiator.body.detail).toContain(TAX_BUREAU);
    const rejected = await decide(entryApplication, otherReviewer, false, '补缴凭证不全');
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: entryApplication, status: 'REJECTED' });

    // A penalty projected before its deciding unit was kept: its row has none.
    const older = await eligibleSubject();
    const applied = await applyWhenKnown(application(older.subject, older.penaltyId));
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    await queryDatabase(db.url, `UPDATE known_penalties SET deciding_unit_code = NULL WHERE id = $1`, [older.penaltyId]);
    const unknown = await decide(id, authorityReviewer);
    expect(unknown.status).toBe(403);
    expect(unknown.body.detail).toContain('unknown');
    expect((await read(id)).body).toMatchObject({ status: 'SUBMITTED' });
    expect(await eventsOf(id)).toEqual(['credit-repair.repair-applied']);
    const byCreditOffice = await decide(id, reviewer);
    expect(byCreditOffice.status).toBe(200);
    expect(byCreditOffice.body).toMatchObject({ id, status: 'APPROVED' });
  }, 120_000);

  it('raises one overdue alert per effect that does not arrive by its deadline, and counts it', async () => {
    const { subject, penaltyId } = await eligibleSubject();
    const applied = await applyWhenKnown(application(subject, penaltyId));
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    // The credit office (CREDIT_OFFICE_UNIT_CODE) may decide any repair.
    expect((await decide(id, reviewer, true, '已履行')).status).toBe(200);

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
  it('no longer counts a repair commitment its accepting unit withdrew (commitment-closed)', async () => {
    const subject = freshUscc();
    const penaltyId = randomUUID();
    const commitmentId = randomUUID();
    await publish(penaltyPublished(subject, penaltyId, { from: '2024-01-10', minimumUntil: '2024-04-10', maximumUntil: '2027-01-10' }));
    await publish(repairCommitment(subject, commitmentId));
    await publish(
      envelope('commitments.commitment-closed', subject, `commitment-${commitmentId}`, { commitmentId, status: 'WITHDRAWN', reason: '承诺人申请撤回', decidedOn: '2026-02-02' }),
    );
    await waitFor(
      async () => (await queryDatabase<{ closure: string }>(db.url, `SELECT closure FROM known_repair_commitments WHERE id = $1`, [commitmentId]))[0]?.closure === 'WITHDRAWN' || undefined,
      { timeoutMs: 60_000, description: 'the closure projected' },
    );
    const refused = await call('POST', '/api/v1/repair-applications', { ...application(subject, penaltyId), commitmentId }, as(submitter));
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('repair.commitment-required');
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
      const repairs = new RepairsService(new EventStore(dataSource), dataSource, new CreditRepairConfig(service.env as unknown as CreditRepairEnv, new PlatformConfig()), calendar, new RestrictedReads(dataSource));
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

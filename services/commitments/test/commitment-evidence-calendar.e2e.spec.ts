/**
 * The verification of a commitment as department systems meet it: a finding of fulfilment names
 * the evidence its matter requires, and the verification day follows the credit office's calendar
 * publications (calendar-year-published on the reference topic). The compiled service in its own
 * process, on a throwaway database and topics of its own (KAFKA_TOPIC_PREFIX: the 2027 schedule
 * published here reaches no other service on the shared broker). Build first (`npm run build`).
 */
import { eventRegistry, type CalendarYearPublishedV1 } from '@credit/contracts';
import { provisionalCalendarYear, todayInShanghai, WorkingDayCalendar } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshCitizenId,
  freshUscc,
  mintToken,
  queryDatabase,
  ServiceProcess,
  testEnvelope,
  TestEventPublisher,
  testInfra,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@credit/testing';
import { Kafka, logLevel } from 'kafkajs';

const BUREAU = freshUscc('11450100');
const CREDIT_OFFICE = '11450100007712342F';

describe('commitments: evidence at verification, verification days on the published calendar', () => {
  const prefix = `${uniqueName('commitments-e2e')}.`;
  let db: TestDatabase;
  let service: ServiceProcess;
  let publisher: TestEventPublisher;
  let submitter: string;
  const call = apiCaller(() => service.url);
  const matter = (code: string, verification: { workingDays: number; evidenceRequired: string[] }) => ({
    department: { name: '南宁市行政审批局', code: BUREAU },
    code,
    name: '食品经营许可告知承诺',
    type: 'APPROVAL_REPLACEMENT',
    legalBasis: '《优化营商环境条例》第十九条',
    template: '{subjectName}就{matterName}郑重承诺：所提交材料真实有效，如有虚假愿承担法律责任。承诺日期：{date}',
    verification,
    consequenceOnBreach: 'LIST_NOMINATION',
    public: true,
  });
  const underMatter = (matterCode: string, signedOn = todayInShanghai()) => ({
    subjectCode: freshUscc('91450100'),
    matterCode,
    subjectName: '南宁市某某食品有限公司',
    signedOn,
    acceptingUnit: { name: '南宁市行政审批局', code: BUREAU },
  });
  const storedEvents = (id: string) =>
    queryDatabase<{ type: string; data: any }>(db.url, `SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`commitment-${id}`]);

  beforeAll(async () => {
    db = await createTestDatabase('commitments_verification_e2e');
    service = await ServiceProcess.underTest('commitments', db, { KAFKA_TOPIC_PREFIX: prefix });
    publisher = await TestEventPublisher.connect({ clientId: 'commitments-verification-e2e', topicPrefix: prefix });
    submitter = await mintToken({ sub: BUREAU, name: 'approval-bureau', roles: ['submitter'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await db?.drop();
    const admin = new Kafka({ clientId: `${prefix}admin`, brokers: testInfra().kafkaBrokers, logLevel: logLevel.ERROR }).admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a finding of fulfilment without the evidence the matter requires (422 naming it, nothing appended); with it, records it', async () => {
    expect((await call('POST', '/api/v1/commitment-matters', matter('EVID-001', { workingDays: 5, evidenceRequired: ['现场核查记录', '营业执照副本'] }), bearer(submitter))).status).toBe(201);
    const signed = await call('POST', '/api/v1/commitments', underMatter('EVID-001'), bearer(submitter));
    expect(signed.status).toBe(201);
    expect(signed.body.verification).toMatchObject({ evidenceRequired: ['现场核查记录', '营业执照副本'] });
    const id = signed.body.id as string;
    const finding = (evidence?: unknown) => ({ outcome: 'FULFILLED', note: '经现场核查，承诺属实', decidedOn: todayInShanghai(), ...(evidence !== undefined && { evidence }) });

    const without = await call('POST', `/api/v1/commitments/${id}/fulfilment`, finding(), bearer(submitter));
    expect(without.status).toBe(422);
    expect(without.contentType).toMatch(/application\/problem\+json/);
    expect(without.body).toMatchObject({ rule: 'verification-evidence-required' });
    expect(without.body.detail).toMatch(/现场核查记录、营业执照副本/);
    const partial = await call('POST', `/api/v1/commitments/${id}/fulfilment`, finding([{ item: '现场核查记录', reference: '南审批核〔2026〕118号' }]), bearer(submitter));
    expect(partial.status).toBe(422);
    expect(partial.body.detail).toMatch(/missing: 营业执照副本$/);
    // The edge has the event's bounds: an over-long reference is 400, not a dead letter downstream.
    const tooLong = await call('POST', `/api/v1/commitments/${id}/fulfilment`, finding([{ item: '现场核查记录', reference: 'x'.repeat(501) }]), bearer(submitter));
    expect(tooLong.status).toBe(400);
    expect((await storedEvents(id)).map((e) => e.type)).toEqual(['commitments.commitment-signed']);
    expect((await call('GET', `/api/v1/commitments/${id}`, undefined, bearer(submitter))).body.lifecycle.status).toBe('IN_FORCE');

    const idNumber = freshCitizenId();
    const evidence = [
      { item: '现场核查记录', reference: '南审批核〔2026〕118号' },
      { item: '营业执照副本', reference: `档案 2026-0042（法定代表人身份证号${idNumber}）` },
      { item: '现场照片', reference: '影像库 IMG-7781' },
    ];
    const recorded = await call('POST', `/api/v1/commitments/${id}/fulfilment`, finding(evidence), bearer(submitter));
    expect(recorded.status).toBe(200);
    expect(JSON.stringify(recorded.body)).not.toContain(idNumber);
    expect(recorded.body).toMatchObject({ status: 'FULFILLED', lifecycle: { status: 'VERIFIED_FULFILLED' }, fulfilment: { evidence: [evidence[0], { item: '营业执照副本' }, evidence[2]] } });
    const [, event] = await storedEvents(id);
    expect(event).toMatchObject({ type: 'commitments.commitment-fulfilment-recorded', data: { commitmentId: id, outcome: 'FULFILLED', evidence: recorded.body.fulfilment.evidence } });
    expect(event.data.evidence[1].reference).not.toContain(idNumber);
    const envelope = testEnvelope({ type: event.type, subjectKey: signed.body.subjectCode, stream: `commitment-${id}`, streamVersion: 2, data: event.data });
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(envelope)))).toMatchObject({ ok: true });

    // A breach needs no evidence; nor does a matter that requires none.
    const breached = await call('POST', '/api/v1/commitments', underMatter('EVID-001'), bearer(submitter));
    expect((await call('POST', `/api/v1/commitments/${breached.body.id}/fulfilment`, { outcome: 'BREACHED', note: '未按承诺整改', decidedOn: todayInShanghai() }, bearer(submitter))).status).toBe(200);
  });

  it('recomputes a provisional verification day when the credit office publishes the year, once, and the work queue follows it', async () => {
    // Signed on 2026-12-01 with 30 working days: due in January 2027, which the shipped calendar does not publish.
    const signedOn = '2026-12-01';
    expect((await call('POST', '/api/v1/commitment-matters', matter('CAL-001', { workingDays: 30, evidenceRequired: [] }), bearer(submitter))).status).toBe(201);
    const provisional = new WorkingDayCalendar().deadline(signedOn, 30);
    const signed = await call('POST', '/api/v1/commitments', underMatter('CAL-001', signedOn), bearer(submitter));
    expect(signed.status).toBe(201);
    expect(signed.body.verification).toMatchObject({ dueOn: provisional.dueOn, provisional: true });
    const id = signed.body.id as string;
    const withdrawn = await call('POST', '/api/v1/commitments', underMatter('CAL-001', signedOn), bearer(submitter));
    expect((await call('POST', `/api/v1/commitments/${withdrawn.body.id}/closure`, { status: 'WITHDRAWN', reason: '主动撤回', decidedOn: todayInShanghai() }, bearer(submitter))).status).toBe(200);

    // The 2027 schedule as published: New Year's holiday runs to 01-05, two working days later than the law alone says.
    const base = provisionalCalendarYear(2027);
    const data: CalendarYearPublishedV1 = {
      year: 2027,
      version: 1,
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
      holidays: [...base.holidays.filter(([from]) => from !== '2027-01-01'), ['2027-01-01', '2027-01-05']],
      workingWeekendDays: [],
      publishedBy: { sub: CREDIT_OFFICE, name: 'credit-office' },
    };
    const publication = testEnvelope<CalendarYearPublishedV1>({ type: 'subject-registry.calendar-year-published', subjectKey: null, stream: 'calendar-2027', data });
    const moved = new WorkingDayCalendar().withYear({ year: 2027, version: 1, source: data.source, holidays: data.holidays, workingWeekendDays: [] }).deadline(signedOn, 30);
    expect(moved.dueOn > provisional.dueOn).toBe(true);
    await publisher.publish(publication);

    const after = await waitFor(
      async () => {
        const read = await call('GET', `/api/v1/commitments/${id}`, undefined, bearer(submitter));
        return read.body.verification?.provisional === false ? read.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'the verification day recomputed on the published 2027 calendar' },
    );
    expect(after.verification).toMatchObject({ dueOn: moved.dueOn, provisional: false, overdue: false });
    const recomputed = (await storedEvents(id)).filter((e) => e.type === 'commitments.verification-due-date-recomputed');
    expect(recomputed.map((e) => e.data)).toEqual([
      {
        commitmentId: id,
        previousDueOn: provisional.dueOn,
        dueOn: moved.dueOn,
        previousDueBy: provisional.dueBy,
        dueBy: moved.dueBy,
        calendar: moved.calendar,
        movedEarlier: false,
        calendarYear: 2027,
        calendarVersion: 1,
      },
    ]);
    // The work queue reads the recomputed day.
    const queue = await call('GET', `/api/v1/commitments?acceptingUnit=${BUREAU}&status=IN_FORCE&pageSize=200`, undefined, bearer(submitter));
    expect(queue.body.items.find((c: { id: string }) => c.id === id).verification).toMatchObject({ dueOn: moved.dueOn, provisional: false });
    // A withdrawn commitment keeps the day it had.
    expect((await storedEvents(withdrawn.body.id)).map((e) => e.type)).toEqual(['commitments.commitment-signed', 'commitments.commitment-closed']);

    // Delivered again (the same event), and published again under the same version: nothing recomputed twice.
    const again = testEnvelope<CalendarYearPublishedV1>({ type: 'subject-registry.calendar-year-published', subjectKey: null, stream: 'calendar-2027', data });
    await publisher.publish(publication, again);
    await waitFor(async () => (await queryDatabase(db.url, `SELECT 1 FROM inbox WHERE event_id = $1`, [again.id])).length === 1, {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'the second publication consumed',
    });
    expect((await storedEvents(id)).filter((e) => e.type === 'commitments.verification-due-date-recomputed')).toHaveLength(1);
  });
});

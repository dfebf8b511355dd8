/**
 * The website as an effect of a repair: credit-portal acknowledges a repair (repair-publication-
 * cleared, under the application id) once its page no longer shows the penalty nor the list entries
 * the repair exited, and only then, once. The compiled service in its own process on a real
 * PostgreSQL and Kafka; the other services' events published here as they publish them.
 */
import { TOPICS, type EventEnvelope, type PenaltyPublishedV1 } from '@credit/contracts';
import { apiCaller, createTestDatabase, freshUscc, KafkaProbe, queryDatabase, ServiceProcess, testEnvelope, TestEventPublisher, waitFor, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';

const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };

describe('credit-portal: a repair is cleared from the website before it is acknowledged', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let publisher: TestEventPublisher;
  let probe: KafkaProbe;
  const call = apiCaller(() => service.url);

  beforeAll(async () => {
    db = await createTestDatabase('credit_portal_clearance_e2e');
    publisher = await TestEventPublisher.connect({ clientId: 'credit-portal-clearance-e2e' });
    service = await ServiceProcess.underTest('credit-portal', db);
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
  }, 180_000);

  afterAll(async () => {
    await probe?.stop();
    await service?.stop();
    await publisher?.disconnect();
    await db?.drop();
  });

  it('acknowledges once, after both the withdrawal and the exits are off the page; a redelivery adds nothing', async () => {
    const code = freshUscc('91450100');
    const penaltyId = randomUUID();
    const applicationId = randomUUID();
    const event = <T>(type: string, stream: string, data: T, correlationId?: string): EventEnvelope<T> => testEnvelope({ type, subjectKey: code, stream, data, correlationId });
    const published = event<PenaltyPublishedV1>('double-publicity.penalty-published', `penalty-${penaltyId}`, {
      penaltyId,
      decisionNumber: `南市监罚〔2025〕${code.slice(12)}号`,
      subject: { kind: 'LEGAL_PERSON', code, maskedCode: code, name: `南宁市清除测试${code.slice(12)}有限公司` },
      violationType: '虚假宣传',
      violationFacts: '发布虚假广告',
      basis: '《中华人民共和国广告法》第五十五条',
      categories: ['警告'],
      content: '警告',
      decidedOn: '2025-06-03',
      severity: 'GENERAL',
      procedure: 'ORDINARY',
      authority: UNIT,
      sourceUnit: UNIT,
      timely: true,
      publicity: { status: 'PUBLISHED', regime: '2021', from: '2025-06-03', minimumUntil: '2025-09-03', maximumUntil: '2099-06-02' },
    });
    const approved = event('credit-repair.repair-approved', `repair-${applicationId}`, {
      applicationId,
      target: { type: 'PENALTY', id: penaltyId },
      decidedOn: '2026-12-07',
      reason: '已履行',
      decidingUnitCode: UNIT.code,
    }, applicationId);
    const withdrawn = event('double-publicity.penalty-publicity-withdrawn', `penalty-${penaltyId}`, { penaltyId, reason: 'REPAIR', repairApplicationId: applicationId, withdrawnOn: '2026-12-07' }, applicationId);
    const exitsDone = event('joint-punishment.repair-effects-completed', `repair-effects-${applicationId}`, { repairApplicationId: applicationId, listEntryIds: [] }, applicationId);
    const acknowledgements = () => probe.envelopes.filter((e) => e.type === 'credit-portal.repair-publication-cleared' && e.correlationId === applicationId);

    await publisher.publish(published, approved, withdrawn);
    await waitFor(async () => (await queryDatabase(db.url, `SELECT publicity_cleared FROM repair_clearances WHERE application_id = $1`, [applicationId]))[0]?.publicity_cleared, {
      timeoutMs: 60_000,
      description: 'the withdrawal taken',
    });
    const page = await call('GET', `/api/v1/public/subjects/${code}`);
    expect(page.body.penalties).toEqual([]);
    // Withdrawn from the page, but joint-punishment has not reported its exits yet: no acknowledgement.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(acknowledgements()).toEqual([]);

    await publisher.publish(exitsDone);
    const [ack] = await probe.waitForMessages((e) => e.type === 'credit-portal.repair-publication-cleared' && e.correlationId === applicationId, 1, 60_000);
    expect(ack).toMatchObject({ subjectKey: code, causationId: exitsDone.id, data: { repairApplicationId: applicationId, target: { type: 'PENALTY', id: penaltyId } } });

    // The same completion again (a redelivery under a new id, as a replay would send it): nothing more.
    await publisher.publish({ ...exitsDone, id: randomUUID() });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(acknowledgements()).toHaveLength(1);
  });

  it('answers a list exit and an upheld objection once the page shows them (website-updated, under their correlation id)', async () => {
    const code = freshUscc('91450100');
    const listEntryId = randomUUID();
    const penaltyId = randomUUID();
    const objectionId = randomUUID();
    const event = <T>(type: string, stream: string, data: T): EventEnvelope<T> => testEnvelope({ type, subjectKey: code, stream, data });
    const created = event('joint-punishment.list-entry-created', `list-entry-${listEntryId}`, {
      listEntryId,
      subjectCode: code,
      maskedCode: code,
      list: 'BLACK',
      category: '市场监管严重违法失信名单',
      basis: { recordIds: [], document: '南市监信〔2025〕12号' },
      initiatingUnit: UNIT,
      decidedOn: '2025-07-01',
    });
    const exited = event('joint-punishment.list-entry-exited', `list-entry-${listEntryId}`, { listEntryId, trigger: 'DECISION', reason: '认定单位决定移出', exitedOn: '2026-12-07' });
    const withdrawn = event('double-publicity.penalty-publicity-withdrawn', `penalty-${penaltyId}`, { penaltyId, reason: 'OBJECTION', objectionId, withdrawnOn: '2026-12-07' });
    await publisher.publish(created, exited, withdrawn);

    const [forExit] = await probe.waitForMessages((e) => e.type === 'credit-portal.website-updated' && e.causationId === exited.id, 1, 60_000);
    expect(forExit).toMatchObject({ subjectKey: code, correlationId: exited.correlationId, data: { change: 'LIST_ENTRY_EXITED', listEntryId } });
    const blackList = await call('GET', '/api/v1/public/black-list?pageSize=500');
    expect(blackList.status).toBe(200);
    expect(blackList.text).not.toContain(listEntryId);
    const [forObjection] = await probe.waitForMessages((e) => e.type === 'credit-portal.website-updated' && e.causationId === withdrawn.id, 1, 60_000);
    expect(forObjection).toMatchObject({ correlationId: withdrawn.correlationId, data: { change: 'OBJECTION_UPHELD', objectionId, recordId: penaltyId } });
  });
});

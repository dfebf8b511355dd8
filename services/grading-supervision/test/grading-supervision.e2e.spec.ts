/**
 * Grading supervision (分级分类监管) as the platform meets it: the compiled service in its own
 * process, consuming credit.subject-events in a fresh consumer group on a throwaway database;
 * change events published as their producers publish them, grades read over HTTP and the
 * grade-recomputed events watched on the topic. Build first (`npm run build`).
 */
import {
  eventRegistry,
  TOPICS,
  type EventEnvelope,
  type GradeRecomputedV1,
  type ListEntryCreatedV1,
  type PenaltyPublicityWithdrawnV1,
  type RepairEffectsCompletedV1,
} from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshCitizenId,
  freshUscc,
  KafkaProbe,
  mintToken,
  ServiceProcess,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { penaltyPublished } from './support/penalty';

const MARKET_REGULATION = '11450100007712342F';

describe('grading supervision over Kafka and HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  let reader: string;
  const call = apiCaller(() => service.url);

  const envelope = <T>(subjectKey: string, type: string, stream: string, data: T, correlationId?: string) =>
    testEnvelope({ type, subjectKey, stream, data, correlationId });
  const publish = (event: EventEnvelope) => publisher.publish(event);
  const gradeFor = (trigger: EventEnvelope) =>
    probe.waitForMessage((e) => e.type === 'grading-supervision.grade-recomputed' && e.causationId === trigger.id, 60_000) as Promise<
      EventEnvelope<GradeRecomputedV1>
    >;

  beforeAll(async () => {
    db = await createTestDatabase('grading_supervision_e2e');
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    publisher = await TestEventPublisher.connect({ clientId: 'grading-supervision-e2e' });
    service = await ServiceProcess.underTest('grading-supervision', db);
    reader = await mintToken({ sub: MARKET_REGULATION, name: 'market-regulation', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await probe?.stop();
    await db?.drop();
  });

  it('answers 100 / A with no factors for a subject without events, masked for a natural person; 401 without a token', async () => {
    const idNumber = freshCitizenId();
    const person = await call('GET', `/api/v1/grades/${idNumber}`, undefined, bearer(reader));
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ subjectCode: maskIdNumber(idNumber), score: 100, grade: 'A', factors: [] });
    expect(JSON.stringify(person.body)).not.toContain(idNumber);
    expect((await call('GET', `/api/v1/grades/${freshUscc('91450100')}`)).status).toBe(401);
    const bad = await call('GET', '/api/v1/grades/91450100MA5K1234XX', undefined, bearer(reader));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'subjectCode' })]));
  });

  it('grades a subject down on a penalty and a black-list entry, up again on the repair, once per trigger', async () => {
    const subject = freshUscc('91450100');
    const penaltyId = randomUUID();
    const grade = async () => (await call('GET', `/api/v1/grades/${subject}`, undefined, bearer(reader))).body;

    // A serious penalty in publicity: 100 − 25 = 75, grade B.
    const published = envelope(subject, 'double-publicity.penalty-published', `penalty-${penaltyId}`, penaltyPublished(subject, penaltyId, 'SERIOUS'));
    await publish(published);
    const first = await gradeFor(published);
    expect(first.correlationId).toBe(published.correlationId);
    expect(first.subjectKey).toBe(subject);
    expect(first.stream).toBe(`grade-${subject}`);
    expect(first.data).toMatchObject({ score: 75, grade: 'B', previousGrade: null, triggerEventId: published.id, triggerType: published.type });
    expect(first.data.factors).toEqual([{ source: published.type, recordId: penaltyId, effect: -25 }]);
    expect(await grade()).toMatchObject({ subjectCode: subject, score: 75, grade: 'B', factors: [{ source: published.type, eventId: published.id, effect: -25 }] });

    // A black-list entry resting on it: 75 − 40 = 35, grade D.
    const listEntryId = randomUUID();
    const created = envelope<ListEntryCreatedV1>(subject, 'joint-punishment.list-entry-created', `list-entry-${listEntryId}`, {
      listEntryId,
      subjectCode: subject,
      maskedCode: subject,
      list: 'BLACK',
      category: 'MARKET',
      basis: { recordIds: [penaltyId], document: '南市监信〔2025〕12号' },
      initiatingUnit: { name: '南宁市市场监督管理局', code: MARKET_REGULATION },
      decidedOn: '2025-07-01',
    });
    await publish(created);
    expect((await gradeFor(created)).data).toMatchObject({ score: 35, grade: 'D', previousGrade: 'B' });
    expect(await grade()).toMatchObject({ score: 35, grade: 'D' });

    // The repair withdraws the penalty from publicity (delivered twice): 35 + 25 = 60, grade C, one grade event.
    const applicationId = randomUUID();
    const withdrawn = envelope<PenaltyPublicityWithdrawnV1>(
      subject,
      'double-publicity.penalty-publicity-withdrawn',
      `penalty-${penaltyId}`,
      { penaltyId, reason: 'REPAIR', repairApplicationId: applicationId, withdrawnOn: '2025-09-11' },
      applicationId,
    );
    await publish(withdrawn);
    await publish(withdrawn);
    const afterWithdrawal = await gradeFor(withdrawn);
    expect(afterWithdrawal.correlationId).toBe(applicationId);
    expect(afterWithdrawal.data).toMatchObject({ score: 60, grade: 'C', previousGrade: 'D', triggerType: withdrawn.type });

    // Repair effects completed changes no record, but is answered too (grade unchanged), with the repair's correlation.
    const completed = envelope<RepairEffectsCompletedV1>(
      subject,
      'joint-punishment.repair-effects-completed',
      `repair-effects-${applicationId}`,
      { repairApplicationId: applicationId, listEntryIds: [] },
      applicationId,
    );
    await publish(completed);
    const afterCompletion = await gradeFor(completed);
    expect(afterCompletion.correlationId).toBe(applicationId);
    expect(afterCompletion.data).toMatchObject({ score: 60, grade: 'C', previousGrade: 'C' });

    // The duplicate delivery preceded `completed` on the subject's partition: it added nothing.
    const forWithdrawal = probe.envelopes.filter((e) => e.type === 'grading-supervision.grade-recomputed' && e.causationId === withdrawn.id);
    expect(forWithdrawal).toHaveLength(1);
    const ofSubject = probe.envelopes.filter((e) => e.type === 'grading-supervision.grade-recomputed' && e.subjectKey === subject);
    expect(ofSubject).toHaveLength(4);
    for (const event of ofSubject) expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    expect(await grade()).toMatchObject({ score: 60, grade: 'C', factors: [{ source: created.type, eventId: created.id, effect: -40 }] });
  }, 240_000);
  it('follows corrections of a penalty (severity, then out of publicity), and grades after a repair noted on a penalty already out', async () => {
    const subject = freshUscc('91450100');
    const penaltyId = randomUUID();
    const published = envelope(subject, 'double-publicity.penalty-published', `penalty-${penaltyId}`, penaltyPublished(subject, penaltyId, 'GENERAL'));
    await publish(published);
    expect((await gradeFor(published)).data).toMatchObject({ score: 90 });

    const corrected = (severity: 'GENERAL' | 'SERIOUS', status: 'PUBLISHED' | 'NOT_PUBLISHED') => {
      const record = penaltyPublished(subject, penaltyId, severity);
      return envelope(subject, 'double-publicity.penalty-corrected', `penalty-${penaltyId}`, {
        penaltyId,
        reason: '更正处罚程度',
        changes: [{ field: 'severity', before: 'GENERAL', after: severity }],
        record: { ...record, publicity: status === 'PUBLISHED' ? record.publicity : { status, regime: '2021', reason: 'MINOR_PENALTY' } },
      });
    };
    const serious = corrected('SERIOUS', 'PUBLISHED');
    await publish(serious);
    expect((await gradeFor(serious)).data).toMatchObject({ score: 75, factors: [{ source: 'double-publicity.penalty-corrected', recordId: penaltyId, effect: -25 }] });
    const out = corrected('SERIOUS', 'NOT_PUBLISHED');
    await publish(out);
    expect((await gradeFor(out)).data).toMatchObject({ score: 100, factors: [] });

    const noted = envelope(subject, 'double-publicity.penalty-repair-noted', `penalty-${penaltyId}`, {
      penaltyId,
      repairApplicationId: randomUUID(),
      alreadyOutOfPublicity: 'NOT_PUBLISHED',
      notedOn: '2025-09-11',
    });
    await publish(noted);
    expect((await gradeFor(noted)).data).toMatchObject({ score: 100, triggerType: 'double-publicity.penalty-repair-noted' });
  });
});

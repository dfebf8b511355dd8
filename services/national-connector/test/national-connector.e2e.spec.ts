/**
 * The national connector as it runs: the compiled service in its own process, consuming
 * credit.subject-events in a fresh consumer group on a throwaway database, delivering to the
 * sandbox national platform started in-process. Build first (`npx tsc -b services/national-connector`).
 */
import { eventRegistry, TOPICS, type EventEnvelope, type RepairApprovedV1 } from '@credit/contracts';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshUscc,
  KafkaProbe,
  mintToken,
  type RunningSandbox,
  ServiceProcess,
  startSandbox,
  type TestDatabase,
  testEnvelope,
  TestEventPublisher,
  waitFor,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const CREDIT_OFFICE = '11450100007712342F';

describe('national connector delivering to the sandbox national platform', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let sandbox: RunningSandbox;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  let ops: string;
  let reader: string;

  const call = apiCaller(() => service.url);

  const repairApproved = (): EventEnvelope<RepairApprovedV1> => {
    const applicationId = randomUUID();
    return testEnvelope<RepairApprovedV1>({
      type: 'credit-repair.repair-approved',
      subjectKey: freshUscc(),
      stream: `repair-${applicationId}`,
      streamVersion: 2,
      correlationId: applicationId,
      actor: { departmentCode: CREDIT_OFFICE, user: 'reviewer' },
      data: { applicationId, target: { type: 'PENALTY', id: randomUUID() }, decidedOn: '2025-09-10', reason: '已履行行政处罚决定并作出信用修复承诺', decidingUnitCode: CREDIT_OFFICE },
    });
  };
  const publish = (event: EventEnvelope) => publisher.publish(event);
  /** Distinct successful (first, non-duplicate) receipts per target for one event id. */
  const receiptsFor = (eventId: string) => {
    const accepted = sandbox.received({ path: '/repair-results' }).filter((r) => r.idempotencyKey === eventId && r.status === 200 && !r.duplicate);
    return { china: accepted.filter((r) => r.target === 'credit-china'), enterprise: accepted.filter((r) => r.target === 'enterprise-publicity') };
  };
  /**
   * A fresh consumer group reads the topic from its start: whatever other suites published is
   * delivered too. Tests that tell the sandbox to fail wait until that backlog is worked off, so
   * the failures meet their own event.
   */
  const drained = () =>
    waitFor(async () => (await call('GET', '/api/v1/deliveries?status=PENDING&pageSize=1', undefined, bearer(ops))).body?.total === 0, {
      timeoutMs: 60_000,
      description: 'no PENDING delivery left',
    });
  const acknowledgements = (event: EventEnvelope) => (e: EventEnvelope) =>
    e.type === 'national-connector.delivery-acknowledged' && e.correlationId === event.correlationId;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    db = await createTestDatabase('national_connector_e2e');
    probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents], fromBeginning: false });
    publisher = await TestEventPublisher.connect({ clientId: 'national-connector-e2e' });
    service = await ServiceProcess.underTest('national-connector', db, {
      NATIONAL_PLATFORM_URL: sandbox.url,
      DELIVERY_BACKOFF_INITIAL_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '400',
      DELIVERY_POLL_INTERVAL_MS: '100',
    });
    ops = await mintToken({ sub: CREDIT_OFFICE, name: 'ops', roles: ['ops'] });
    reader = await mintToken({ sub: CREDIT_OFFICE, name: 'reader', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await probe?.stop();
    await db?.drop();
    await sandbox?.close();
  });

  it('delivers an approved repair to both targets with the event id as Idempotency-Key, and acknowledges each on the topic', async () => {
    const repair = repairApproved();
    await publish(repair);

    const acks = await probe.waitForMessages(acknowledgements(repair), 2, 60_000);
    expect(acks.map((a) => a.data).sort((a: any, b: any) => a.target.localeCompare(b.target))).toEqual([
      expect.objectContaining({ sourceEventId: repair.id, sourceType: repair.type, target: 'credit-china', endpoint: '/repair-results', attempts: 1, httpStatus: 200 }),
      expect.objectContaining({ sourceEventId: repair.id, sourceType: repair.type, target: 'enterprise-publicity', endpoint: '/repair-results', attempts: 1, httpStatus: 200 }),
    ]);
    for (const ack of acks) {
      expect(ack).toMatchObject({ causationId: repair.id, subjectKey: repair.subjectKey, correlationId: repair.data.applicationId });
      const message = probe.messages.find((m) => m.envelope?.id === ack.id)!;
      expect(message.key).toBe(repair.subjectKey);
      expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
    }
    const { china, enterprise } = receiptsFor(repair.id);
    expect(china).toHaveLength(1);
    expect(enterprise).toHaveLength(1);
    expect(china[0].body).toMatchObject({ repairApplicationId: repair.data.applicationId, target: repair.data.target });
    expect(sandbox.received().filter((r) => r.idempotencyKey === repair.id)).toHaveLength(2);
  });

  it('retries through 503s and still delivers each target exactly once', async () => {
    await drained();
    sandbox.failNext(3, 503);
    const repair = repairApproved();
    await publish(repair);
    const acks = await probe.waitForMessages(acknowledgements(repair), 2, 60_000);
    expect(acks.map((a: any) => a.data.attempts).reduce((a: number, b: number) => a + b, 0)).toBe(5);
    const { china, enterprise } = receiptsFor(repair.id);
    expect([china.length, enterprise.length]).toEqual([1, 1]);
    const calls = sandbox.received().filter((r) => r.idempotencyKey === repair.id);
    expect(calls.filter((r) => r.status === 503)).toHaveLength(3);
  });

  it('delivers an event published twice once per target', async () => {
    const repair = repairApproved();
    await publish(repair);
    await publish(repair);
    await probe.waitForMessages(acknowledgements(repair), 2, 60_000);
    // Give a second (wrong) delivery time to happen.
    await new Promise((r) => setTimeout(r, 2000));
    const { china, enterprise } = receiptsFor(repair.id);
    expect([china.length, enterprise.length]).toEqual([1, 1]);
    expect(sandbox.received().filter((r) => r.idempotencyKey === repair.id)).toHaveLength(2);
    expect(probe.messages.filter((m) => m.envelope && acknowledgements(repair)(m.envelope))).toHaveLength(2);
  });

  it('keeps a refused (400) delivery as FAILED for operations, who retry it', async () => {
    await drained();
    sandbox.failNext(2, 400);
    const repair = repairApproved();
    await publish(repair);
    const failures = await probe.waitForMessages(
      (e) => e.type === 'national-connector.delivery-failed' && e.correlationId === repair.correlationId,
      2,
      60_000,
    );
    expect(failures.map((f: any) => f.data)).toEqual([
      expect.objectContaining({ sourceEventId: repair.id, httpStatus: 400, attempts: 1, error: expect.stringContaining('HTTP 400') }),
      expect.objectContaining({ sourceEventId: repair.id, httpStatus: 400, attempts: 1 }),
    ]);

    expect((await call('GET', '/api/v1/deliveries?status=FAILED', undefined)).status).toBe(401);
    expect((await call('GET', '/api/v1/deliveries?status=FAILED', undefined, bearer(reader))).status).toBe(403);
    expect((await call('GET', '/api/v1/deliveries?status=LOST', undefined, bearer(ops))).status).toBe(400);
    const listed = await call('GET', '/api/v1/deliveries?status=FAILED&page=1&pageSize=10', undefined, bearer(ops));
    expect(listed.status).toBe(200);
    const mine = listed.body.items.filter((d: any) => d.sourceEventId === repair.id);
    expect(mine).toHaveLength(2);
    expect(listed.body).toMatchObject({ page: 1, pageSize: 10 });
    expect(listed.body.items.every((d: any) => d.status === 'FAILED')).toBe(true);
    expect(mine[0]).toMatchObject({ status: 'FAILED', lastHttpStatus: 400, attempts: 1 });

    const delivered = await call('GET', '/api/v1/deliveries?status=DELIVERED&pageSize=500', undefined, bearer(ops));
    expect(delivered.body.items.every((d: any) => d.status === 'DELIVERED')).toBe(true);
    expect(delivered.body.items.some((d: any) => d.sourceEventId === repair.id)).toBe(false);

    for (const failed of mine) {
      const retried = await call('POST', `/api/v1/deliveries/${failed.id}/retry`, {}, bearer(ops, { 'idempotency-key': randomUUID() }));
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: failed.id, status: 'PENDING' });
    }
    const acks = await probe.waitForMessages(acknowledgements(repair), 2, 60_000);
    expect(acks.map((a: any) => a.data.attempts)).toEqual([2, 2]);
    const again = await call('POST', `/api/v1/deliveries/${mine[0].id}/retry`, {}, bearer(ops, { 'idempotency-key': randomUUID() }));
    expect(again.status).toBe(409);
    expect((await call('POST', `/api/v1/deliveries/${randomUUID()}/retry`, {}, bearer(ops, { 'idempotency-key': randomUUID() }))).status).toBe(404);
    const stillFailed = await call('GET', '/api/v1/deliveries?status=FAILED&pageSize=500', undefined, bearer(ops));
    expect(stillFailed.body.items.some((d: any) => d.sourceEventId === repair.id)).toBe(false);
    const { china, enterprise } = receiptsFor(repair.id);
    expect([china.length, enterprise.length]).toEqual([1, 1]);
  });
});

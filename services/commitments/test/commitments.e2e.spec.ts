/**
 * Credit commitments (信用承诺) as department systems meet them: the compiled service in its own
 * process, over HTTP, on a throwaway database, with the events watched on credit.subject-events.
 * Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type CommitmentFulfilmentRecordedV1, type CommitmentSignedV1, type EventEnvelope } from '@credit/contracts';
import { maskIdNumber, subjectKeyFor } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
  freshConsumerGroup,
  freshCitizenId,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const APPROVAL_BUREAU = '11450100007712342F';
const OTHER_UNIT = freshUscc('11450100');

describe('commitments over HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let submitter: string;
  let otherSubmitter: string;
  let reader: string;
  const call = apiCaller(() => service.url);
  const commitment = (subjectCode: string, overrides: Record<string, unknown> = {}) => ({
    subjectCode,
    type: 'CREDIT_REPAIR',
    matter: '行政处罚信息信用修复',
    text: '本主体承诺已纠正失信行为、履行法定义务，如有虚假愿承担相应责任。',
    signedOn: '2025-09-01',
    validUntil: '2099-12-31',
    public: true,
    acceptingUnit: { name: '南宁市行政审批局', code: APPROVAL_BUREAU },
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase('commitments_e2e');
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    service = ServiceProcess.start({ name: 'commitments', port: await freePort(), env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: await freshConsumerGroup('commitments-e2e') } });
    await service.waitHealthy(90_000);
    submitter = await mintToken({ sub: APPROVAL_BUREAU, name: 'approval-bureau', roles: ['submitter'] });
    otherSubmitter = await mintToken({ sub: OTHER_UNIT, name: 'other-unit', roles: ['submitter'] });
    reader = await mintToken({ sub: OTHER_UNIT, name: 'other-unit', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('signs a credit-repair commitment: 201 IN_FORCE, the event on the topic keyed by the subject; fulfilment once', async () => {
    const subject = freshUscc('91450100');
    const correlationId = randomUUID();
    const signed = await call('POST', '/api/v1/commitments', commitment(subject), bearer(submitter, { 'x-correlation-id': correlationId }));
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ id: expect.any(String), status: 'IN_FORCE', subjectCode: subject, type: 'CREDIT_REPAIR', public: true });
    const id = signed.body.id as string;

    const event = (await probe.waitForMessage((e) => e.type === 'commitments.commitment-signed' && e.correlationId === correlationId, 30_000)) as EventEnvelope<CommitmentSignedV1>;
    const message = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(subject);
    expect(event).toMatchObject({ subjectKey: subject, stream: `commitment-${id}` });
    expect(event.data).toMatchObject({ commitmentId: id, subject: { kind: 'LEGAL_PERSON', code: subject, maskedCode: subject }, type: 'CREDIT_REPAIR', public: true });
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });

    // Another unit may neither record nor judge this commitment.
    expect((await call('POST', `/api/v1/commitments/${id}/fulfilment`, { outcome: 'FULFILLED', note: '已履行', decidedOn: '2025-10-01' }, bearer(otherSubmitter))).status).toBe(403);

    const fulfilmentCorrelation = randomUUID();
    const recorded = await call(
      'POST',
      `/api/v1/commitments/${id}/fulfilment`,
      { outcome: 'BREACHED', note: '未按承诺整改', decidedOn: '2025-10-01' },
      bearer(submitter, { 'x-correlation-id': fulfilmentCorrelation }),
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ id, status: 'BREACHED', fulfilment: { outcome: 'BREACHED', decidedOn: '2025-10-01' } });
    const fulfilled = (await probe.waitForMessage((e) => e.correlationId === fulfilmentCorrelation, 30_000)) as EventEnvelope<CommitmentFulfilmentRecordedV1>;
    expect(fulfilled).toMatchObject({ type: 'commitments.commitment-fulfilment-recorded', subjectKey: subject, stream: `commitment-${id}` });
    expect(fulfilled.data).toEqual({ commitmentId: id, outcome: 'BREACHED', note: '未按承诺整改', decidedOn: '2025-10-01' });

    const again = await call('POST', `/api/v1/commitments/${id}/fulfilment`, { outcome: 'FULFILLED', note: '已履行', decidedOn: '2025-10-02' }, bearer(submitter));
    // Recorded once: a second finding conflicts with the commitment's state.
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('fulfilment-recorded-once');

    const read = await call('GET', `/api/v1/commitments/${id}`, undefined, bearer(reader));
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('BREACHED');
    const list = await call('GET', `/api/v1/commitments?subjectCode=${subject}`, undefined, bearer(reader));
    expect(list.body).toMatchObject({ page: 1, pageSize: 50, total: 1, items: [{ id }] });
    expect((await call('GET', `/api/v1/commitments/${randomUUID()}`, undefined, bearer(reader))).status).toBe(404);
  });

  it('keeps a natural person masked in the response and the event, keyed by the subject key', async () => {
    const idNumber = freshCitizenId();
    const correlationId = randomUUID();
    const signed = await call(
      'POST',
      '/api/v1/commitments',
      commitment(idNumber, { type: 'VOLUNTARY_DISCLOSURE', text: `本人（身份证号${idNumber}）承诺所述属实`, public: false }),
      bearer(submitter, { 'x-correlation-id': correlationId }),
    );
    expect(signed.status).toBe(201);
    expect(signed.body.subjectCode).toBe(maskIdNumber(idNumber));
    expect(JSON.stringify(signed.body)).not.toContain(idNumber);
    const event = await probe.waitForMessage((e) => e.type === 'commitments.commitment-signed' && e.correlationId === correlationId, 30_000);
    const message = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(event.subjectKey).toMatch(/^NP-/);
    expect(event.subjectKey).toBe(subjectKeyFor('NATURAL_PERSON', idNumber, service.env.SUBJECT_KEY_SECRET));
    expect(message.key).toBe(event.subjectKey);
    expect(JSON.stringify(event)).not.toContain(idNumber);
    expect(event.data).toMatchObject({ subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber) } });
    // Not public: another unit neither lists nor reads it; the accepting unit does; ops does, on record.
    const othersList = await call('GET', `/api/v1/commitments?subjectCode=${idNumber}`, undefined, bearer(reader));
    expect(othersList.body.total).toBe(0);
    expect((await call('GET', `/api/v1/commitments/${signed.body.id}`, undefined, bearer(reader))).status).toBe(403);
    const list = await call('GET', `/api/v1/commitments?subjectCode=${idNumber}`, undefined, bearer(submitter));
    expect(list.body.total).toBe(1);
    expect(JSON.stringify(list.body)).not.toContain(idNumber);
    const ops = await mintToken({ sub: OTHER_UNIT, name: 'platform-ops', roles: ['ops'] });
    expect((await call('GET', `/api/v1/commitments/${signed.body.id}`, undefined, bearer(ops))).status).toBe(200);
    const reads = await queryDatabase(db.url, `SELECT reader_unit, resource FROM restricted_reads WHERE resource_id = $1`, [signed.body.id]);
    expect(reads).toEqual([{ reader_unit: OTHER_UNIT, resource: 'commitment' }]);
  });

  it("only the accepting unit records fulfilment: another unit's reviewer is refused and the commitment is unchanged", async () => {
    const signed = await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100')), bearer(submitter));
    expect(signed.status).toBe(201);
    const otherReviewer = await mintToken({ sub: OTHER_UNIT, name: 'approval-bureau', roles: ['reviewer'] });
    const refused = await call('POST', `/api/v1/commitments/${signed.body.id}/fulfilment`, { outcome: 'BREACHED', note: '违诺', decidedOn: '2025-10-01' }, bearer(otherReviewer));
    expect(refused.status).toBe(403);
    expect((await call('GET', `/api/v1/commitments/${signed.body.id}`, undefined, bearer(reader))).body).toMatchObject({ status: 'IN_FORCE', version: signed.body.version });
  });

  it('refuses bad input with 400 naming the fields, a private credit-repair commitment with 422, and 401/403', async () => {
    const bad = await call(
      'POST',
      '/api/v1/commitments',
      commitment('91450100MA5K1234XX', { validUntil: '2020-01-01', acceptingUnit: { name: '某局', code: '123' } }),
      bearer(submitter),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['subjectCode', 'validUntil', 'acceptingUnit.code']));
    // An impossible date is refused at the edge, naming the field.
    const impossible = await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100'), { signedOn: '2025-02-30' }), bearer(submitter));
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors.map((e: { field: string }) => e.field)).toEqual(['signedOn']);
    const future = await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100'), { signedOn: '2999-01-01', validUntil: undefined }), bearer(submitter));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'signedOn' })]));
    const shape = await call('POST', '/api/v1/commitments', { ...commitment(freshUscc('91450100')), type: 'PROMISE', public: 'yes' }, bearer(submitter));
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['type', 'public']));

    const privateRepair = await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100'), { public: false }), bearer(submitter));
    expect(privateRepair.status).toBe(422);
    expect(privateRepair.body.rule).toBe('credit-repair-commitment-public');

    expect((await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100')))).status).toBe(401);
    expect((await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100')), bearer(reader))).status).toBe(403);
    // Only the accepting unit records a commitment made before it.
    expect((await call('POST', '/api/v1/commitments', commitment(freshUscc('91450100')), bearer(otherSubmitter))).status).toBe(403);
  });
});

/**
 * The subject registry as a department system meets it: the compiled service in its own process,
 * over HTTP, on a real PostgreSQL and a real Kafka broker. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS } from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freshCitizenId,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  withWrongCheck,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const DEPARTMENT = '11450100007712342F';

describe('subject registry over HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let submitter: string;
  let reader: string;

  const call = apiCaller(() => service.url);
  const as = bearer;

  beforeAll(async () => {
    db = await createTestDatabase('subject_registry_e2e');
    // The service creates the platform's topics (on a fresh broker they do not exist yet); the probe starts once they do.
    service = await ServiceProcess.underTest('subject-registry', db, { LOG_LEVEL: 'debug' });
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    submitter = await mintToken({ sub: DEPARTMENT, name: 'market-regulation', roles: ['submitter'] });
    reader = await mintToken({ sub: DEPARTMENT, name: 'credit-office', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('registers an organisation: 201, and the event reaches credit.subject-events keyed by the USCC in the contract envelope', async () => {
    const code = freshUscc();
    const correlationId = randomUUID();
    const created = await call(
      'POST',
      '/api/v1/subjects',
      { code, name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', legalRepresentative: '李四', registeredOn: '2019-06-01' },
      as(submitter, { 'x-correlation-id': correlationId }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, kind: 'LEGAL_PERSON', subjectKey: code, registeredOn: '2019-06-01' });

    const event = await probe.waitForMessage((e) => e.subjectKey === code, 30_000);
    const message = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(code);
    const validated = eventRegistry.validate(JSON.parse(message.value));
    expect(validated.ok).toBe(true);
    expect(event).toMatchObject({
      type: 'subject-registry.subject-registered',
      version: 1,
      stream: `subject-${code}`,
      streamVersion: 1,
      subjectKey: code,
      correlationId,
      actor: { departmentCode: DEPARTMENT },
      data: { code, kind: 'LEGAL_PERSON', name: '南宁市示例科技有限公司' },
    });
  });

  it('refuses the same code twice with 409 and records 重码 only when another name claims it', async () => {
    const code = freshUscc();
    const first = await call('POST', '/api/v1/subjects', { code, name: '甲公司', kind: 'LEGAL_PERSON' }, as(submitter));
    expect(first.status).toBe(201);
    const again = await call('POST', '/api/v1/subjects', { code, name: '甲公司', kind: 'LEGAL_PERSON' }, as(submitter));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    const before = (await call('GET', '/api/v1/code-quality', undefined, as(submitter))).body;
    const claimed = await call('POST', '/api/v1/subjects', { code, name: '乙公司', kind: 'LEGAL_PERSON' }, as(submitter));
    expect(claimed.status).toBe(409);
    const after = (await call('GET', '/api/v1/code-quality', undefined, as(submitter))).body;
    expect(after.duplicateCodes).toBe(before.duplicateCodes + 1);
  });

  it('refuses a code with a wrong check character: 400 problem+json naming code, nothing stored or published', async () => {
    const code = withWrongCheck(freshUscc());
    const correlationId = randomUUID();
    const refused = await call('POST', '/api/v1/subjects', { code, name: '丙公司', kind: 'LEGAL_PERSON' }, as(submitter, { 'x-correlation-id': correlationId }));
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'code' })]));
    expect((await call('GET', `/api/v1/subjects/${code}`, undefined, as(submitter))).status).toBe(404);
    const report = (await call('GET', '/api/v1/code-quality', undefined, as(submitter))).body;
    expect(report.invalidCodes).toBeGreaterThanOrEqual(1);
    expect(report.errorRate).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(probe.envelopes.some((e) => e.correlationId === correlationId)).toBe(false);
  });

  it('answers 401 without a token and 403 to a role that may not register', async () => {
    const body = { code: freshUscc(), name: '丁公司', kind: 'LEGAL_PERSON' };
    const anonymous = await call('POST', '/api/v1/subjects', body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    expect((await call('POST', '/api/v1/subjects', body, as(reader))).status).toBe(403);
  });

  it("never shows a natural person's ID number in clear: not in the event, the logs, nor the response to a caller without reader", async () => {
    const idNumber = freshCitizenId();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/subjects', { code: idNumber, name: '张三', kind: 'NATURAL_PERSON' }, as(submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body.code).toBe(maskIdNumber(idNumber));
    expect(created.text).not.toContain(idNumber);
    expect(created.body.subjectKey).toMatch(/^NP-/);

    const event = await probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const raw = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(raw.value).not.toContain(idNumber);
    expect(raw.key).toBe(created.body.subjectKey);
    expect(event.data).toMatchObject({ code: null, maskedCode: maskIdNumber(idNumber) });

    const masked = await call('GET', `/api/v1/subjects/${idNumber}`, undefined, as(submitter));
    expect(masked.status).toBe(200);
    expect(masked.text).not.toContain(idNumber);

    const clear = await call('GET', `/api/v1/subjects/${idNumber}`, undefined, as(reader));
    expect(clear.status).toBe(200);
    expect(clear.body.code).toBe(idNumber);

    const key = created.body.subjectKey;
    const audit = await queryDatabase(db.url, `SELECT department_code, purpose FROM pii_access_audit WHERE subject_key = $1`, [key]);
    expect(audit).toEqual([{ department_code: DEPARTMENT, purpose: 'get-subject' }]);
    const vault = await queryDatabase(db.url, `SELECT id_ciphertext FROM natural_person_vault WHERE subject_key = $1`, [key]);
    expect(vault[0].id_ciphertext).not.toContain(idNumber);
    const stored = await queryDatabase(db.url, `SELECT data::text AS data FROM events WHERE subject_key = $1`, [key]);
    expect(stored.map((r) => r.data).join()).not.toContain(idNumber);

    const stranger = freshCitizenId();
    const unknown = await call('GET', `/api/v1/subjects/${stranger}`, undefined, as(submitter));
    expect(unknown.status).toBe(404);
    expect(unknown.text).not.toContain(stranger);
    expect(unknown.body.instance).toBe(`/api/v1/subjects/${maskIdNumber(stranger)}`);

    expect(service.logs()).toContain(maskIdNumber(idNumber));
    expect(service.logs()).not.toContain(idNumber);
  });

  it('registers a batch: exactly the valid items stored, one event each; re-sent, all DUPLICATE', async () => {
    const valid = [freshUscc(), freshUscc(), freshCitizenId()];
    const items = [
      { code: valid[0], name: '戊公司', kind: 'LEGAL_PERSON' },
      { code: withWrongCheck(freshUscc()), name: '己公司', kind: 'LEGAL_PERSON' },
      { code: valid[1], name: '庚个体户', kind: 'LEGAL_PERSON', unknownField: 1 },
      { code: valid[1], name: '庚公司', kind: 'LEGAL_PERSON' },
      { code: valid[2], name: '王五', kind: 'NATURAL_PERSON' },
      { code: valid[0], name: '戊公司', kind: 'LEGAL_PERSON' },
      'not an object',
    ];
    const correlationId = randomUUID();
    const first = await call('POST', '/api/v1/subjects/batch', { items }, as(submitter, { 'x-correlation-id': correlationId }));
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'INVALID', 'INVALID', 'CREATED', 'CREATED', 'DUPLICATE', 'INVALID']);
    expect(first.body.results[1].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'code' })]));
    expect(first.body.results[2].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'unknownField' })]));
    expect(first.text).not.toContain(valid[2]);

    const events = await probe.waitForMessages((e) => e.correlationId === correlationId, 3, 30_000);
    expect(events.map((e) => e.type)).toEqual(Array(3).fill('subject-registry.subject-registered'));

    const again = await call('POST', '/api/v1/subjects/batch', { items: [items[0], items[3], items[4]] }, as(submitter));
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
  });

  it('registers individual businesses without a code under the placeholder, keyed by their registration numbers, in the contract', async () => {
    const numbers = [0, 1].map((i) => `4501000${String(Date.now() + i).slice(-8)}`);
    for (const registrationNo of numbers) {
      const created = await call(
        'POST',
        '/api/v1/subjects',
        { code: '00000000000000000X', name: `个体户${registrationNo}`, kind: 'INDIVIDUAL_BUSINESS', legacyCodes: [{ scheme: 'REGISTRATION_NO', value: registrationNo }] },
        as(submitter),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ subjectKey: `IB-${registrationNo}` });
      const event = await probe.waitForMessage((e) => e.subjectKey === `IB-${registrationNo}`, 30_000);
      const message = probe.messages.find((m) => m.envelope?.id === event.id)!;
      expect(eventRegistry.validate(JSON.parse(message.value)).ok).toBe(true);
      expect(event).toMatchObject({ type: 'subject-registry.subject-registered', data: { code: '00000000000000000X', kind: 'INDIVIDUAL_BUSINESS' } });
      const resolved = await call('GET', `/api/v1/subjects/resolve?legacyCode=${registrationNo}`, undefined, as(submitter));
      expect(resolved.body).toMatchObject({ subjectKey: `IB-${registrationNo}` });
    }
  });

  it('resolves a legacy code to the canonical subject, and adds one', async () => {
    const code = freshUscc();
    const registrationNo = `4501000${String(Date.now()).slice(-8)}`;
    await call('POST', '/api/v1/subjects', { code, name: '辛公司', kind: 'LEGAL_PERSON', legacyCodes: [{ scheme: 'REGISTRATION_NO', value: registrationNo }] }, as(submitter));
    const resolved = await call('GET', `/api/v1/subjects/resolve?legacyCode=${registrationNo}`, undefined, as(submitter));
    expect(resolved.status).toBe(200);
    expect(resolved.body.code).toBe(code);

    const added = await call('POST', `/api/v1/subjects/${code}/legacy-codes`, { scheme: 'TAX_NO', value: '450100123456789' }, as(submitter));
    expect(added.status).toBe(201);
    expect((await call('GET', '/api/v1/subjects/resolve?legacyCode=450100123456789', undefined, as(submitter))).body.code).toBe(code);

    const other = freshUscc();
    await call('POST', '/api/v1/subjects', { code: other, name: '壬公司', kind: 'LEGAL_PERSON' }, as(submitter));
    const stolen = await call('POST', `/api/v1/subjects/${other}/legacy-codes`, { scheme: 'TAX_NO', value: '450100123456789' }, as(submitter));
    expect(stolen.status).toBe(409);
    expect((await call('GET', '/api/v1/subjects/resolve?legacyCode=000000000000000', undefined, as(submitter))).status).toBe(404);
  });

  it('replays a POST with the same Idempotency-Key and body, creating nothing new', async () => {
    const body = { code: freshUscc(), name: '癸公司', kind: 'LEGAL_PERSON' };
    const key = randomUUID();
    const first = await call('POST', '/api/v1/subjects', body, as(submitter, { 'idempotency-key': key }));
    const second = await call('POST', '/api/v1/subjects', body, as(submitter, { 'idempotency-key': key }));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const rows = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM events WHERE subject_key = $1`, [body.code]);
    expect(rows[0].n).toBe(1);
  });

  it('serves its OpenAPI document, health and metrics', async () => {
    const docs = await call('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/subjects', '/api/v1/subjects/batch', '/api/v1/code-quality']));
    const health = await call('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    const metrics = await fetch(`${service.url}/metrics`).then((r) => r.text());
    expect(metrics).toContain('credit_relay_pending_events');
    expect(metrics).toContain('credit_http_requests_total');
  });
});

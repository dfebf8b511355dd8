/**
 * Licensing records (行政许可) over HTTP and Kafka: the compiled service in its own process on a real
 * PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, newEventId, TOPICS } from '@credit/contracts';
import { maskIdNumber, todayInShanghai } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
  freshCitizenId,
  freshUscc,
  KafkaProbe,
  mintToken,
  ServiceProcess,
  uniqueName,
  type TestDatabase,
} from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';

const DEPARTMENT = '11450100007712342F';
const OTHER_DEPARTMENT = '11450100MB1234567X';

const license = (over: Record<string, unknown> = {}) => ({
  decisionNumber: `南市监许〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例餐饮有限公司', kind: 'LEGAL_PERSON', code: freshUscc(), legalRepresentative: '王五' },
  licenseName: '食品经营许可证',
  licenseNumber: `JY${randomInt(1_000_000_000)}`,
  licenseType: '普通',
  content: '预包装食品销售',
  decidedOn: todayInShanghai(),
  validFrom: todayInShanghai(),
  validUntil: '2031-05-10',
  authority: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  sourceUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  ...over,
});

describe('double-publicity licences (行政许可)', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let submitter: string;
  let reader: string;
  let otherSubmitter: string;
  const call = apiCaller(() => service.url);
  const as = bearer;
  const query = async (sql: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('double_publicity_licenses_e2e');
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    service = ServiceProcess.start({
      name: 'double-publicity',
      port: await freePort(),
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: uniqueName('double-publicity-licenses-e2e') },
    });
    await service.waitHealthy(90_000);
    submitter = await mintToken({ sub: DEPARTMENT, name: 'market-regulation', roles: ['submitter'] });
    reader = await mintToken({ sub: DEPARTMENT, name: 'credit-office', roles: ['reader'] });
    otherSubmitter = await mintToken({ sub: OTHER_DEPARTMENT, name: 'tax', roles: ['submitter'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('records a licence: 201 { id, timely }, license-published keyed by the subject, readable with its history', async () => {
    const body = license();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/licenses', body, as(submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), timely: true });

    const event = await probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const message = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(message.key).toBe(body.subject.code);
    expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'double-publicity.license-published',
      stream: `license-${created.body.id}`,
      subjectKey: body.subject.code,
      data: { licenseId: created.body.id, decisionNumber: body.decisionNumber, licenseType: '普通', licenseName: '食品经营许可证', timely: true },
    });

    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(reader));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, decisionNumber: body.decisionNumber, validFrom: body.validFrom, validUntil: '2031-05-10' });
    expect(read.body.history.map((h: { type: string }) => h.type)).toEqual(['double-publicity.license-published']);
  });

  it('falls back to the licence number when the decision number is absent; 409 for the same decision twice', async () => {
    const body = license({ decisionNumber: undefined });
    const created = await call('POST', '/api/v1/licenses', body, as(submitter));
    expect(created.status).toBe(201);
    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(reader));
    expect(read.body.decisionNumber).toBe(body.licenseNumber);
    const again = await call('POST', '/api/v1/licenses', license({ decisionNumber: body.licenseNumber }), as(submitter));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses WHERE decision_number = $1`, [body.licenseNumber]);
    expect(n).toBe(1);
  });

  it.each([
    ['a subject code with a wrong check character', { subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }, 'subject.code'],
    ['a decision date that does not exist', { decidedOn: '2025-02-30' }, 'decidedOn'],
    ['a category outside the standard', { licenseType: '特殊' }, 'licenseType'],
    ['valid until before valid from', { validFrom: '2026-05-11', validUntil: '2026-05-01' }, 'validUntil'],
    ['neither decision nor licence number', { decisionNumber: undefined, licenseNumber: undefined }, 'decisionNumber'],
    ['an unknown field', { remarksX: 'x' }, 'remarksX'],
    ['a bad source unit code', { sourceUnit: { name: '某局', code: '11450100007712342G' } }, 'sourceUnit.code'],
  ])('refuses %s: 400 problem+json naming the field, nothing stored', async (_case, over, field) => {
    const body = license(over);
    const refused = await call('POST', '/api/v1/licenses', body, as(submitter));
    // An invalid source unit is judged as such, not as another department's record.
    expect(refused.status).toBe(field === 'sourceUnit.code' ? 403 : 400);
    if (refused.status === 400) {
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses WHERE subject_key = $1`, [body.subject.code]);
    expect(n).toBe(0);
  });

  it("keeps a natural person's ID number out of the response, the event and the read", async () => {
    const idNumber = freshCitizenId();
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/licenses', license({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber } }), as(submitter, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    const event = await probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    const raw = probe.messages.find((m) => m.envelope?.id === event.id)!;
    expect(raw.key).toMatch(/^NP-/);
    expect(raw.value).not.toContain(idNumber);
    expect(event.data).toMatchObject({ subject: { kind: 'NATURAL_PERSON', code: null, maskedCode: maskIdNumber(idNumber) } });
    const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(reader));
    expect(read.text).not.toContain(idNumber);
  });

  it('answers 403 to another department, 401 without a token, 404 for an unknown licence', async () => {
    expect((await call('POST', '/api/v1/licenses', license(), as(otherSubmitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/licenses', license(), as(reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/licenses', license())).status).toBe(401);
    expect((await call('GET', `/api/v1/licenses/${newEventId()}`, undefined, as(reader))).status).toBe(404);
    expect((await call('GET', '/api/v1/licenses/not-an-id', undefined, as(reader))).status).toBe(404);
  });
});

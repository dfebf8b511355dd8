/**
 * Bulk intake (`/penalties/batch`, `/licenses/batch`) over HTTP and Kafka: the compiled service in
 * its own process on a real PostgreSQL and Kafka. Build first (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry, TOPICS } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
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

const penalty = (over: Record<string, unknown> = {}) => ({
  decisionNumber: `南市监处罚〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: freshUscc() },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['罚款'],
  content: '罚款五千元',
  fineAmount: '5000.00',
  decidedOn: todayInShanghai(),
  severity: 'GENERAL',
  authority: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  sourceUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  ...over,
});

const license = (over: Record<string, unknown> = {}) => ({
  decisionNumber: `南市监许〔2026〕${randomInt(1_000_000_000)}号`,
  subject: { name: '南宁市示例餐饮有限公司', kind: 'LEGAL_PERSON', code: freshUscc() },
  licenseName: '食品经营许可证',
  licenseType: '普通',
  content: '预包装食品销售',
  decidedOn: todayInShanghai(),
  validFrom: todayInShanghai(),
  authority: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  sourceUnit: { name: '南宁市市场监督管理局', code: DEPARTMENT },
  ...over,
});

describe('double-publicity batch intake', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let submitter: string;
  let reader: string;
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
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  beforeAll(async () => {
    db = await createTestDatabase('double_publicity_batch_e2e');
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    service = ServiceProcess.start({
      name: 'double-publicity',
      port: await freePort(),
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: uniqueName('double-publicity-batch-e2e') },
    });
    await service.waitHealthy(90_000);
    submitter = await mintToken({ sub: DEPARTMENT, name: 'market-regulation', roles: ['submitter'] });
    reader = await mintToken({ sub: DEPARTMENT, name: 'credit-office', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('penalties: stores exactly the valid items with one event each; the same batch again is all DUPLICATE and adds nothing', async () => {
    const stored = penalty();
    expect((await call('POST', '/api/v1/penalties', stored, as(submitter))).status).toBe(201);
    const valid = [penalty(), penalty(), penalty()];
    const items = [
      valid[0],
      penalty({ subject: { name: '甲公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347D' } }), // bad check character
      valid[1],
      penalty({ decidedOn: '2025-02-30', fineAmount: '-1' }), // impossible date, negative amount
      { ...valid[0], subject: { ...valid[0].subject, name: '同一决定另一名称' } }, // duplicate within the batch
      stored, // duplicate of a stored record
      penalty({ unknownField: true }),
      'not an object',
      valid[2],
      penalty({ sourceUnit: { name: '税务局', code: freshUscc() } }), // another department's record
    ];
    const correlationId = randomUUID();
    const first = await call('POST', '/api/v1/penalties/batch', { items }, as(submitter, { 'x-correlation-id': correlationId }));
    expect(first.status).toBe(200);
    const statuses = first.body.results.map((r: { index: number; status: string }) => [r.index, r.status]);
    expect(statuses).toEqual([
      [0, 'CREATED'],
      [1, 'INVALID'],
      [2, 'CREATED'],
      [3, 'INVALID'],
      [4, 'DUPLICATE'],
      [5, 'DUPLICATE'],
      [6, 'INVALID'],
      [7, 'INVALID'],
      [8, 'CREATED'],
      [9, 'INVALID'],
    ]);
    const results = first.body.results;
    expect(results[1].errors).toEqual([expect.objectContaining({ field: 'subject.code' })]);
    expect(results[3].errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['fineAmount']));
    expect(results[6].errors).toEqual([expect.objectContaining({ field: 'unknownField' })]);
    expect(results[9].errors).toEqual([expect.objectContaining({ field: 'sourceUnit.code' })]);
    for (const r of results.filter((x: { status: string }) => x.status === 'CREATED')) expect(r.id).toEqual(expect.any(String));

    // Exactly the valid ones stored, each readable, one event each on the topic.
    const numbers = items.filter((i): i is ReturnType<typeof penalty> => typeof i === 'object').map((i) => i.decisionNumber);
    const rows = await query(`SELECT id, decision_number FROM penalties WHERE decision_number = ANY($1) ORDER BY decision_number`, [numbers]);
    expect(rows.map((r) => r.decision_number).sort()).toEqual([stored.decisionNumber, ...valid.map((v) => v.decisionNumber)].sort());
    const createdIds = [results[0].id, results[2].id, results[8].id];
    for (const id of createdIds) expect((await call('GET', `/api/v1/penalties/${id}`, undefined, as(reader))).status).toBe(200);
    await probe.waitForMessages((e) => e.correlationId === correlationId, 3, 30_000);
    await settle();
    const events = probe.envelopes.filter((e) => e.correlationId === correlationId);
    expect(events.map((e) => (e.data as { penaltyId: string }).penaltyId).sort()).toEqual([...createdIds].sort());
    for (const e of events) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });

    const [{ n: before }] = await query(`SELECT count(*)::int AS n FROM events`);
    const againId = randomUUID();
    const again = await call('POST', '/api/v1/penalties/batch', { items: [valid[0], valid[1], valid[2], stored] }, as(submitter, { 'x-correlation-id': againId }));
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    const [{ n: after }] = await query(`SELECT count(*)::int AS n FROM events`);
    expect(after).toBe(before);
    await settle();
    expect(probe.envelopes.filter((e) => e.correlationId === againId)).toHaveLength(0);
  });

  it('licences: the same per-item discipline, the decision number falling back to the licence number', async () => {
    const licenceNumber = `JY${randomInt(1_000_000_000)}`;
    const byLicenceNumber = license({ decisionNumber: undefined, licenseNumber: licenceNumber });
    const items = [
      license(),
      license({ licenseType: '特殊' }),
      byLicenceNumber,
      license({ decisionNumber: licenceNumber }), // same natural key as the previous item
      license({ decisionNumber: undefined }),
    ];
    const first = await call('POST', '/api/v1/licenses/batch', { items }, as(submitter));
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'INVALID', 'CREATED', 'DUPLICATE', 'INVALID']);
    expect(first.body.results[1].errors).toEqual([expect.objectContaining({ field: 'licenseType' })]);
    expect(first.body.results[4].errors).toEqual([expect.objectContaining({ field: 'decisionNumber' })]);
    const read = await call('GET', `/api/v1/licenses/${first.body.results[2].id}`, undefined, as(reader));
    expect(read.body.decisionNumber).toBe(licenceNumber);
    const again = await call('POST', '/api/v1/licenses/batch', { items: [items[0], items[2]] }, as(submitter));
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE']);
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM licenses`);
    expect(n).toBe(2);
  });

  it('refuses an empty batch, more than 1000 items and a body without items with 400; needs a submitter', async () => {
    expect((await call('POST', '/api/v1/penalties/batch', { items: [] }, as(submitter))).status).toBe(400);
    expect((await call('POST', '/api/v1/licenses/batch', { items: Array.from({ length: 1001 }, () => ({})) }, as(submitter))).status).toBe(400);
    const noItems = await call('POST', '/api/v1/penalties/batch', {}, as(submitter));
    expect(noItems.status).toBe(400);
    expect(noItems.contentType).toContain('application/problem+json');
    expect((await call('POST', '/api/v1/penalties/batch', { items: [penalty()] }, as(reader))).status).toBe(403);
    expect((await call('POST', '/api/v1/penalties/batch', { items: [penalty()] })).status).toBe(401);
  });

  it('takes a full batch of 1000 penalties in one call', async () => {
    const items = Array.from({ length: 1000 }, () => penalty());
    const response = await call('POST', '/api/v1/penalties/batch', { items }, as(submitter));
    expect(response.status).toBe(200);
    expect(response.body.results.filter((r: { status: string }) => r.status === 'CREATED')).toHaveLength(1000);
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM penalties WHERE decision_number = ANY($1)`, [items.map((i) => i.decisionNumber)]);
    expect(n).toBe(1000);
  }, 120_000);
});

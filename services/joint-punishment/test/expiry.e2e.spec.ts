/**
 * 修复退出 on expiry (domain.md §5), restart-safe: an entry whose validUntil has passed and that no
 * scan has exited yet is exited once the service comes back from a SIGKILL, its measures lifted
 * once, and further restarts add nothing. The compiled service in its own process, on a real
 * PostgreSQL and Kafka, in a fresh database and consumer group. Build first.
 */
import { TOPICS } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  uniqueName,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';

const CREDIT_OFFICE = '11450100007712342F';
const UNIT_A = freshUscc('12450100');
const UNIT_B = freshUscc('11450100');

/** The day before an Asia/Shanghai date. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('exit on expiry across restarts', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let port: number;
  let admin: string;
  let reviewer: string;
  const group = uniqueName('joint-punishment-expiry-e2e');
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const call = apiCaller(() => service.url);

  // Scans an hour apart: after start-up, only the scan at the next start-up can exit anything.
  const start = async () => {
    service = ServiceProcess.start({
      name: 'joint-punishment',
      port,
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: group, LIST_EXPIRY_SCAN_SECONDS: '3600' },
    });
    await service.waitHealthy(90_000);
  };
  const eventsOf = (id: string) =>
    queryDatabase<{ type: string; version: number; data: { trigger?: string; measureCode?: string; unitCode?: string } }>(
      db.url,
      `SELECT type, version, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`list-entry-${id}`],
    );
  const entry = (validUntil: string) => ({
    subjectCode: freshUscc(),
    list: 'BLACK',
    category: 'MARKET',
    basis: { recordIds: [randomUUID()], document: '南市监信〔2024〕3号' },
    initiatingUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
    decidedOn: '2024-03-04',
    validUntil,
  });

  beforeAll(async () => {
    db = await createTestDatabase('joint_punishment_expiry_e2e');
    probe = await KafkaProbe.start({ topic: [TOPICS.subjectEvents], fromBeginning: false });
    port = await freePort();
    await start();
    admin = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['admin'] });
    reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer'] });
    for (const [code, unitCodes] of [[`XP-A-${suffix}`, [UNIT_A]], [`XP-B-${suffix}`, [UNIT_A, UNIT_B]]] as const) {
      const defined = await call(
        'POST',
        '/api/v1/measures',
        { code, name: `措施 ${code}`, kind: 'PUNISHMENT', appliesTo: 'BLACK', unitCodes, scenarios: ['TENDERING'], legalBasis: '《招标投标法实施条例》' },
        bearer(admin),
      );
      expect(defined.status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('exits an expired entry once after a restart, lifting each measure once; an entry valid until today stays', async () => {
    const today = todayInShanghai();
    const expired = await call('POST', '/api/v1/list-entries', entry(dayBefore(today)), bearer(reviewer));
    const lastDay = await call('POST', '/api/v1/list-entries', entry(today), bearer(reviewer));
    expect(expired.status).toBe(201);
    expect(lastDay.status).toBe(201);
    expect(expired.body).toMatchObject({ status: 'IN_FORCE' });
    expect(expired.body.measures).toHaveLength(3);
    const id: string = expired.body.id;

    await service.kill('SIGKILL');
    await start();

    const exited = await probe.waitForMessage((e) => e.stream === `list-entry-${id}` && e.type === 'joint-punishment.list-entry-exited', 60_000);
    expect(exited).toMatchObject({ version: 2, data: { listEntryId: id, trigger: 'EXPIRY', exitedOn: today }, actor: { departmentCode: CREDIT_OFFICE } });
    const view = await call('GET', `/api/v1/list-entries/${id}`, undefined, bearer(reviewer));
    expect(view.body).toMatchObject({ status: 'EXITED', exit: { trigger: 'EXPIRY', exitedOn: today } });
    expect(view.body.measures.map((m: { status: string }) => m.status)).toEqual(['LIFTED', 'LIFTED', 'LIFTED']);

    // Once more: a restart must not exit or lift again.
    await service.stop();
    await start();
    await new Promise((r) => setTimeout(r, 2000));
    const stored = await eventsOf(id);
    expect(stored.filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(1);
    const lifted = stored.filter((e) => e.type === 'joint-punishment.measure-lifted').map((e) => `${e.data.measureCode}|${e.data.unitCode}`);
    expect(lifted.sort()).toEqual([`XP-A-${suffix}|${UNIT_A}`, `XP-B-${suffix}|${UNIT_A}`, `XP-B-${suffix}|${UNIT_B}`].sort());
    const onTopic = probe.envelopes.filter((e) => e.stream === `list-entry-${id}` && e.type === 'joint-punishment.measure-lifted');
    expect(onTopic).toHaveLength(3);

    const stays = await call('GET', `/api/v1/list-entries/${lastDay.body.id}`, undefined, bearer(reviewer));
    expect(stays.body).toMatchObject({ status: 'IN_FORCE' });
    expect((await eventsOf(lastDay.body.id)).filter((e) => e.type === 'joint-punishment.list-entry-exited')).toHaveLength(0);
  }, 240_000);
});

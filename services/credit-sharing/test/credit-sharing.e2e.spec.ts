/**
 * credit-sharing as banks, subjects and departments meet it: the compiled service in its own
 * process, over HTTP, on a throwaway database, consuming the subject topic. Build first (`npm run build`).
 */
import { eventRegistry, TOPICS, type EventEnvelope } from '@credit/contracts';
import { maskIdNumber, todayInShanghai } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { CalendarService, PlatformConfig, RestrictedReads } from '@credit/platform';
import {
  apiCaller,
  bearer,
  createTestDatabase,
  freePort,
  freshCitizenId,
  freshUscc,
  KafkaProbe,
  mintToken,
  queryDatabase,
  ServiceProcess,
  TestEventPublisher,
  testEnvelope,
  waitFor,
  type TestDatabase,
} from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthorizationCommands } from '../src/authorizations/authorization.commands';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { CreditSharingConfig, type CreditSharingEnv } from '../src/config';
import { MonitoringService } from '../src/monitoring/monitoring.service';

const TAX_BUREAU = '11450100007712342F';
const OTHER_UNIT = freshUscc('11450100');
const CHANNEL = freshUscc('11450100');
const BANK = freshUscc('91450100');
const OTHER_BANK = freshUscc('91450100');
const today = (): string => todayInShanghai();

describe('credit-sharing over HTTP', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let publisher: TestEventPublisher;
  const call = apiCaller(() => service.url);
  const tokens = {} as Record<'tax' | 'other' | 'channel' | 'bank' | 'otherBank' | 'ops' | 'bankAsSubmitter', string>;
  const supporting = (subjectCode: string, overrides: Record<string, unknown> = {}) => ({
    subjectCode,
    subjectName: '南宁市某某商贸有限公司',
    category: 'TAX',
    status: 'PAID',
    sourceReference: `SW-${randomUUID().slice(0, 8)}`,
    period: '2026-10',
    taxGrade: 'A',
    description: '2026年10月增值税按期足额缴纳',
    recordedOn: '2026-11-05',
    sourceUnit: { name: '国家税务总局南宁市税务局', code: TAX_BUREAU },
    ...overrides,
  });
  const grant = (subjectCode: string, overrides: Record<string, unknown> = {}) => ({
    subjectCode,
    institution: { name: '某某银行南宁分行', code: BANK },
    purpose: 'FINANCING',
    categories: ['TAX'],
    validFrom: today(),
    validUntil: today(),
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase('credit_sharing_e2e');
    service = ServiceProcess.start({
      name: 'credit-sharing',
      port: await freePort(),
      env: { DATABASE_URL: db.url, PERSONAL_AUTHORIZATION_CHANNELS: CHANNEL, KAFKA_CONSUMER_GROUP: `credit-sharing-e2e-${randomUUID()}` },
    });
    await service.waitHealthy(90_000);
    // After the service: it creates the topics on a fresh broker.
    probe = await KafkaProbe.start({ topic: TOPICS.subjectEvents, fromBeginning: false });
    publisher = await TestEventPublisher.connect();
    tokens.tax = await mintToken({ sub: TAX_BUREAU, name: 'tax', roles: ['submitter'] });
    tokens.other = await mintToken({ sub: OTHER_UNIT, name: 'other', roles: ['submitter', 'reader'] });
    tokens.channel = await mintToken({ sub: CHANNEL, name: 'zwfw-app', roles: ['submitter'] });
    tokens.bank = await mintToken({ sub: BANK, name: 'bank', roles: ['institution'] });
    tokens.otherBank = await mintToken({ sub: OTHER_BANK, name: 'other-bank', roles: ['institution'] });
    tokens.ops = await mintToken({ sub: OTHER_UNIT, name: 'ops', roles: ['ops'] });
    tokens.bankAsSubmitter = await mintToken({ sub: BANK, name: 'bank', roles: ['submitter'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await publisher?.disconnect();
    await db?.drop();
  });

  it('takes supporting records from their source unit only, once per reference; the event passes the contract and carries no clear ID number', async () => {
    const company = freshUscc('91450100');
    const body = supporting(company);
    const correlationId = randomUUID();
    const created = await call('POST', '/api/v1/supporting-records', body, bearer(tokens.tax, { 'x-correlation-id': correlationId }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), category: 'TAX', status: 'PAID', taxGrade: 'A', subject: { code: company } });
    const event = (await probe.waitForMessage((e) => e.type === 'credit-sharing.supporting-record-received' && e.correlationId === correlationId, 30_000)) as EventEnvelope;
    expect(eventRegistry.validate(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });

    expect((await call('POST', '/api/v1/supporting-records', body, bearer(tokens.tax))).status).toBe(409);
    const foreign = await call('POST', '/api/v1/supporting-records', supporting(company), bearer(tokens.other));
    expect(foreign.status).toBe(403);
    const wrongStatus = await call('POST', '/api/v1/supporting-records', supporting(company, { status: 'AWARDED' }), bearer(tokens.tax));
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    const gradeOnUtility = await call('POST', '/api/v1/supporting-records', supporting(company, { category: 'UTILITIES', status: 'ARREARS' }), bearer(tokens.tax));
    expect(gradeOnUtility.status).toBe(400);
    expect(gradeOnUtility.body.errors).toEqual([expect.objectContaining({ field: 'taxGrade' })]);
    const rows = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM events WHERE subject_key = $1`, [company]);
    expect(rows[0].n).toBe(1);

    const person = freshCitizenId();
    const personal = await call('POST', '/api/v1/supporting-records', supporting(person, { subjectName: '张三', description: `身份证号${person}的社保缴费记录`, category: 'SOCIAL_INSURANCE', status: 'ARREARS', taxGrade: undefined }), bearer(tokens.tax));
    expect(personal.status).toBe(201);
    expect(personal.body.subject.code).toBe(maskIdNumber(person));
    expect(JSON.stringify(personal.body)).not.toContain(person);
    const stored = await queryDatabase(db.url, `SELECT data::text AS data FROM events WHERE stream_id = $1`, [`supporting-record-${personal.body.id}`]);
    expect(stored[0].data).not.toContain(person);

    const batch = await call('POST', '/api/v1/supporting-records/batch', { items: [supporting(company), body, { ...supporting(company), sourceUnit: { name: 'x', code: OTHER_UNIT } }, { nonsense: true }] }, bearer(tokens.tax));
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['CREATED', 'DUPLICATE', 'INVALID', 'INVALID']);
    expect(batch.body.results[2].errors).toEqual([expect.objectContaining({ field: 'sourceUnit.code' })]);
  });

  it('answers an institution only within an authorization: 403 before, the granted categories after, 403 after revocation; every read in the log', async () => {
    const company = freshUscc('91450100');
    const registered = testEnvelope({
      type: 'subject-registry.subject-registered',
      subjectKey: company,
      stream: `subject-${company}`,
      data: { kind: 'LEGAL_PERSON', code: company, maskedCode: company, name: '南宁市某某商贸有限公司', legalRepresentative: '李四', registeredOn: '2019-05-01', legacyCodes: [] },
    });
    await publisher.publish(registered);
    const tax = (await call('POST', '/api/v1/supporting-records', supporting(company), bearer(tokens.tax))).body;
    const utilities = (await call('POST', '/api/v1/supporting-records', supporting(company, { category: 'UTILITIES', status: 'ARREARS', taxGrade: undefined, amount: 320.5 }), bearer(tokens.tax))).body;
    const path = `/api/v1/financing/subjects/${company}`;
    await waitFor(async () => (await queryDatabase(db.url, `SELECT 1 FROM sharing_subject_views WHERE subject_key = $1`, [company])).length === 1, { timeoutMs: 30_000 });

    expect((await call('GET', path, undefined, bearer(tokens.bank))).status).toBe(403);

    const subjectToken = await mintToken({ sub: company, name: 'the company', roles: ['submitter'] });
    // Nobody but the subject authorizes: not a department, not the institution itself.
    expect((await call('POST', '/api/v1/authorizations', grant(company), bearer(tokens.tax))).status).toBe(403);
    expect((await call('POST', '/api/v1/authorizations', grant(company), bearer(tokens.bankAsSubmitter))).status).toBe(403);
    expect((await call('POST', '/api/v1/authorizations', grant(company, { validFrom: '2020-01-01' }), bearer(subjectToken))).status).toBe(400);
    const granted = await call('POST', '/api/v1/authorizations', grant(company), bearer(subjectToken));
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ status: 'ACTIVE', categories: ['TAX'], institution: { code: BANK }, grantedThrough: { channel: 'SUBJECT_TOKEN' } });
    const id = granted.body.id as string;

    const read = await call('GET', path, undefined, bearer(tokens.bank));
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.supporting)).toEqual(['TAX']);
    expect(read.body.supporting.TAX.map((r: { id: string }) => r.id)).toEqual([tax.id]);
    expect(JSON.stringify(read.body)).not.toContain(utilities.id);
    expect(read.body).toMatchObject({ authorizationId: id, subject: { code: company, name: '南宁市某某商贸有限公司' }, registration: { legalRepresentative: '李四' }, listStatus: { blackListed: false } });

    expect((await call('GET', path, undefined, bearer(tokens.otherBank))).status).toBe(403);
    expect((await call('GET', `${path}?purpose=LEASING`, undefined, bearer(tokens.bank))).status).toBe(403);
    // A department token cannot read through the institution route.
    expect((await call('GET', path, undefined, bearer(tokens.other))).status).toBe(403);

    const log = await call('GET', `/api/v1/authorizations/${id}/queries`, undefined, bearer(subjectToken));
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([expect.objectContaining({ queryId: read.body.queryId, institutionCode: BANK, returned: ['PUBLIC', 'TAX'], recordIds: [tax.id] })]);
    expect((await call('GET', `/api/v1/authorizations/${id}/queries`, undefined, bearer(tokens.other))).status).toBe(403);

    const outcome = await call('POST', '/api/v1/financing/outcomes', { authorizationId: id, outcome: 'GRANTED', loanKind: 'CREDIT', amount: 300000, decidedOn: today() }, bearer(tokens.bank));
    expect(outcome.status).toBe(201);
    expect((await call('POST', '/api/v1/financing/outcomes', { authorizationId: id, outcome: 'GRANTED', loanKind: 'CREDIT', amount: 1, decidedOn: today() }, bearer(tokens.otherBank))).status).toBe(403);
    expect((await call('POST', '/api/v1/financing/outcomes', { authorizationId: id, outcome: 'REFUSED', loanKind: 'CREDIT', amount: 5, decidedOn: today() }, bearer(tokens.bank))).status).toBe(400);
    const stats = await call('GET', `/api/v1/financing/statistics?from=${today()}&to=${today()}`, undefined, bearer(tokens.other));
    expect(stats.status).toBe(200);
    expect(stats.body.loans.granted).toBeGreaterThanOrEqual(1);
    expect(stats.body.amounts.credit).toBeGreaterThanOrEqual(300000);

    expect((await call('POST', `/api/v1/authorizations/${id}/revocation`, { reason: '不再授权' }, bearer(tokens.tax))).status).toBe(403);
    const revoked = await call('POST', `/api/v1/authorizations/${id}/revocation`, { reason: '贷款已结清' }, bearer(subjectToken));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'REVOKED', revocation: { revokedOn: today() } });
    expect((await call('POST', `/api/v1/authorizations/${id}/revocation`, { reason: '再次' }, bearer(subjectToken))).status).toBe(409);
    expect((await call('GET', path, undefined, bearer(tokens.bank))).status).toBe(403);
    const after = await call('GET', `/api/v1/authorizations/${id}/queries`, undefined, bearer(subjectToken));
    expect(after.body.total).toBe(1);
  });

  it('refuses a read under an expired authorization', async () => {
    const company = freshUscc('91450100');
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    try {
      const config = new CreditSharingConfig({ SUBJECT_KEY_SECRET: service.env.SUBJECT_KEY_SECRET } as CreditSharingEnv, new PlatformConfig());
      const authorizations = new AuthorizationsService(new AuthorizationCommands(new EventStore(dataSource)), dataSource, config, new RestrictedReads(dataSource));
      const principal = { departmentCode: company, name: 'the company', roles: ['submitter' as const] };
      // Granted in June for June: expired today.
      const old = await authorizations.grant(grant(company, { validFrom: '2026-06-01', validUntil: '2026-06-30' }) as never, { principal, correlationId: randomUUID() }, new Date('2026-06-01T09:00:00+08:00'));
      expect(old.status).toBe('ACTIVE');
      const subjectToken = await mintToken({ sub: company, name: 'the company', roles: ['submitter'] });
      expect((await call('GET', `/api/v1/authorizations/${old.id}`, undefined, bearer(subjectToken))).body.status).toBe('EXPIRED');
    } finally {
      await dataSource.destroy();
    }
    const refused = await call('GET', `/api/v1/financing/subjects/${company}`, undefined, bearer(tokens.bank));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('expired');
  });

  it("lets a natural person authorize only through a real-name channel, and the channel read the person's log", async () => {
    const person = freshCitizenId();
    await call('POST', '/api/v1/supporting-records', supporting(person, { subjectName: '王五', category: 'HOUSING_FUND', status: 'PAID', taxGrade: undefined }), bearer(tokens.tax));
    expect((await call('POST', '/api/v1/authorizations', grant(person, { categories: ['HOUSING_FUND'] }), bearer(tokens.tax))).status).toBe(403);
    expect((await call('POST', '/api/v1/authorizations', grant(person, { categories: ['HOUSING_FUND'] }), bearer(tokens.channel))).status).toBe(400);
    const granted = await call('POST', '/api/v1/authorizations', grant(person, { categories: ['HOUSING_FUND'], identityVerification: { reference: 'FACE-0001' } }), bearer(tokens.channel));
    expect(granted.status).toBe(201);
    expect(granted.body.subject.code).toBe(maskIdNumber(person));
    expect(JSON.stringify(granted.body)).not.toContain(person);
    const read = await call('GET', `/api/v1/financing/subjects/${person}`, undefined, bearer(tokens.bank));
    expect(read.status).toBe(200);
    expect(read.body.supporting.HOUSING_FUND).toHaveLength(1);
    expect(JSON.stringify(read.body)).not.toContain(person);
    // The channel names the person to read its log; without the number it cannot.
    expect((await call('GET', `/api/v1/authorizations/${granted.body.id}/queries`, undefined, bearer(tokens.channel))).status).toBe(403);
    const log = await call('GET', `/api/v1/authorizations/${granted.body.id}/queries?subjectCode=${person}`, undefined, bearer(tokens.channel));
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(1);
    const events = await queryDatabase(db.url, `SELECT data::text AS data FROM events WHERE stream_id = $1`, [`authorization-${granted.body.id}`]);
    for (const e of events) expect(e.data).not.toContain(person);
  });

  it('compiles the monthly monitoring report once, on the first working day of the next month (after the National Day holidays)', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    try {
      const calendar = new CalendarService(dataSource);
      await calendar.refresh();
      const monitoring = new MonitoringService(new EventStore(dataSource), dataSource, calendar);
      // 2026: October 1–7 are holidays (a Thursday to a Wednesday); the first working day is Thursday the 8th.
      expect(await monitoring.compileDueReport('2026-10-01')).toBe(false);
      expect(await monitoring.compileDueReport('2026-10-07')).toBe(false);
      expect((await call('GET', '/api/v1/monitoring/reports/2026-09', undefined, bearer(tokens.other))).status).toBe(404);
      expect(await monitoring.compileDueReport('2026-10-08')).toBe(true);
      // Once: the next round, a restart, a second instance find it compiled.
      expect(await monitoring.compileDueReport('2026-10-08')).toBe(false);
      expect(await monitoring.compileDueReport('2026-10-09')).toBe(false);
      const events = await queryDatabase(db.url, `SELECT count(*)::int AS n FROM events WHERE type = 'credit-sharing.monitoring-report-compiled' AND data->>'month' = '2026-09'`);
      expect(events[0].n).toBe(1);
    } finally {
      await dataSource.destroy();
    }
    const json = await call('GET', '/api/v1/monitoring/reports/2026-09', undefined, bearer(tokens.other));
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ month: '2026-09', compiledOn: '2026-10-08', departments: expect.any(Array), warnings: expect.any(Object) });
    const pdf = await fetch(`${service.url}/api/v1/monitoring/reports/2026-09?format=pdf`, { headers: bearer(tokens.other) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

/**
 * The working-day calendar's owner: the credit office publishes a year's schedule over REST, the
 * publication reaches the reference topic as calendar-year-published. The compiled service in its
 * own process on a real PostgreSQL and Kafka (build first: `npm run build`).
 *
 * Only 2099 is published here: the suites publish to the shared topics, and no real schedule of
 * 2099 will exist while a broker these suites ran against is still in use.
 */
import { eventRegistry, TOPICS } from '@credit/contracts';
import { apiCaller, bearer, createTestDatabase, KafkaProbe, mintToken, queryDatabase, ServiceProcess, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';

const CREDIT_OFFICE = '11450100007712342F';
const YEAR = 2099;
const schedule = {
  source: '国务院办公厅关于2099年部分节假日安排的通知（测试）',
  holidays: [
    ['2099-01-01', '2099-01-03'],
    ['2099-01-20', '2099-01-27'],
  ],
  workingWeekendDays: ['2099-01-31'],
};

describe('subject-registry: the working-day calendar published as reference data', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let probe: KafkaProbe;
  let admin: string;
  let reviewer: string;
  const call = apiCaller(() => service.url);
  const rows = () => queryDatabase(db.url, `SELECT year, version, source FROM calendar_years WHERE year = $1`, [YEAR]);
  const streamEvents = () => queryDatabase(db.url, `SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`calendar-${YEAR}`]);

  beforeAll(async () => {
    db = await createTestDatabase('subject_registry_calendar_e2e');
    // The service creates the platform's topics; the probe starts once they exist.
    service = await ServiceProcess.underTest('subject-registry', db);
    probe = await KafkaProbe.start({ topic: TOPICS.reference, fromBeginning: false });
    admin = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['admin'] });
    reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer', 'reader', 'submitter', 'ops'] });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await probe?.stop();
    await db?.drop();
  });

  it('ships 2024–2026 as published version 1, and answers any other year as provisional', async () => {
    const y2026 = await call('GET', '/api/v1/calendar/years/2026', undefined, bearer(reviewer));
    expect(y2026.status).toBe(200);
    expect(y2026.body).toMatchObject({ year: 2026, provisional: false, version: 1, source: '国务院办公厅关于2026年部分节假日安排的通知' });
    const y2099 = await call('GET', `/api/v1/calendar/years/${YEAR}`, undefined, bearer(reviewer));
    expect(y2099.body).toMatchObject({ year: YEAR, provisional: true, version: 0, workingWeekendDays: [] });
    // The shipped schedules are also on the owner's own log, as version 1.
    const shipped = await queryDatabase(db.url, `SELECT stream_id AS stream, data->>'version' AS version FROM events WHERE type = 'subject-registry.calendar-year-published' ORDER BY stream_id`);
    expect(shipped).toEqual([
      { stream: 'calendar-2024', version: '1' },
      { stream: 'calendar-2025', version: '1' },
      { stream: 'calendar-2026', version: '1' },
    ]);
  });

  it('refuses a non-admin with 403 and writes nothing', async () => {
    const refused = await call('PUT', `/api/v1/calendar/years/${YEAR}`, schedule, bearer(reviewer));
    expect(refused.status).toBe(403);
    expect(await rows()).toEqual([]);
    expect(await streamEvents()).toEqual([{ n: 0 }]);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a year outside 2020–2099', '2100', schedule, 'year'],
    ['a year that is no number', 'next', schedule, 'year'],
    ['a date outside the year', String(YEAR), { ...schedule, holidays: [['2098-12-31', '2099-01-01']] }, 'holidays[0][0]'],
    ['an impossible date', String(YEAR), { ...schedule, holidays: [['2099-02-30', '2099-03-01']] }, 'holidays[0][0]'],
    ['overlapping holidays', String(YEAR), { ...schedule, holidays: [['2099-01-01', '2099-01-05'], ['2099-01-05', '2099-01-06']] }, 'holidays[1]'],
    ['a working weekend day that is a weekday', String(YEAR), { ...schedule, workingWeekendDays: ['2099-02-02'] }, 'workingWeekendDays[0]'],
    ['no source', String(YEAR), { ...schedule, source: '' }, 'source'],
    ['holidays that are no array', String(YEAR), { ...schedule, holidays: '2099-01-01' }, 'holidays'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_label, year, body, field) => {
    const refused = await call('PUT', `/api/v1/calendar/years/${year}`, body, bearer(admin));
    expect(refused.status).toBe(400);
    expect(refused.contentType).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await rows()).toEqual([]);
    expect(await streamEvents()).toEqual([{ n: 0 }]);
  });

  it('publishes a year: 200 with version 1, calendar-year-published on the reference topic keyed by the year; the same schedule again changes nothing', async () => {
    const correlationId = randomUUID();
    const published = await call('PUT', `/api/v1/calendar/years/${YEAR}`, schedule, bearer(admin, { 'x-correlation-id': correlationId }));
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ year: YEAR, provisional: false, version: 1, changed: true, source: schedule.source, holidays: schedule.holidays, workingWeekendDays: schedule.workingWeekendDays });

    const event = await probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(eventRegistry.validate(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'subject-registry.calendar-year-published',
      subjectKey: null,
      data: { year: YEAR, version: 1, source: schedule.source, holidays: schedule.holidays, workingWeekendDays: schedule.workingWeekendDays, publishedBy: { sub: CREDIT_OFFICE } },
    });
    expect(probe.messages.find((m) => m.envelope?.correlationId === correlationId)?.key).toBe(`calendar-${YEAR}`);

    const again = await call('PUT', `/api/v1/calendar/years/${YEAR}`, { ...schedule, holidays: [...schedule.holidays].reverse() }, bearer(admin));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, changed: false });
    expect(await streamEvents()).toEqual([{ n: 1 }]);
    expect(await rows()).toEqual([{ year: YEAR, version: 1, source: schedule.source }]);
  });

  it('a changed schedule is the next version', async () => {
    const changed = await call('PUT', `/api/v1/calendar/years/${YEAR}`, { ...schedule, workingWeekendDays: [] }, bearer(admin));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, changed: true, workingWeekendDays: [] });
    expect(await rows()).toEqual([{ year: YEAR, version: 2, source: schedule.source }]);
    const read = await call('GET', `/api/v1/calendar/years/${YEAR}`, undefined, bearer(reviewer));
    expect(read.body).toMatchObject({ version: 2, provisional: false });
  });
});

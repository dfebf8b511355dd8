/**
 * The working-day calendar on the credit website: the public year and deadline endpoints (no token),
 * and calendar-year-published consumed from the reference topic. The compiled service in its own
 * process on a real PostgreSQL and Kafka (build first: `npm run build`).
 *
 * Only 2099 is published here (see subject-registry's calendar suite: no real 2099 schedule will
 * meet these test events on a shared broker).
 */
import { dlqTopic, TOPICS, type CalendarYearPublishedV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { apiCaller, createTestDatabase, KafkaProbe, queryDatabase, ServiceProcess, testEnvelope, TestEventPublisher, waitFor, type TestDatabase } from '@credit/testing';

const YEAR = 2099;

describe('credit-portal: the public working-day calendar', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let publisher: TestEventPublisher;
  const call = apiCaller(() => service.url);
  const get = (path: string) => call('GET', `/api/v1/public/calendar${path}`);
  const publication = (version: number, over: Partial<CalendarYearPublishedV1> = {}) =>
    testEnvelope<CalendarYearPublishedV1>({
      type: 'subject-registry.calendar-year-published',
      subjectKey: null,
      stream: `calendar-${YEAR}`,
      streamVersion: version,
      data: {
        year: YEAR,
        version,
        source: '国务院办公厅关于2099年部分节假日安排的通知（测试）',
        holidays: [['2099-01-01', '2099-01-05']],
        workingWeekendDays: ['2099-01-10'],
        publishedBy: { sub: '11450100007712342F', name: 'credit-office' },
        ...over,
      },
    });

  beforeAll(async () => {
    db = await createTestDatabase('credit_portal_calendar_e2e');
    publisher = await TestEventPublisher.connect({ clientId: 'credit-portal-calendar-e2e' });
    service = await ServiceProcess.underTest('credit-portal', db);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await db?.drop();
  });

  it('answers a published year with its version and source, and a year without a notice as provisional from the holiday law', async () => {
    const published = await get('/2026');
    expect(published.status).toBe(200);
    expect(published.body).toEqual({
      year: 2026,
      provisional: false,
      version: 1,
      source: '国务院办公厅关于2026年部分节假日安排的通知',
      holidays: expect.arrayContaining([['2026-02-15', '2026-02-23']]),
      workingWeekendDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    });
    const provisional = await get('/2027');
    expect(provisional.status).toBe(200);
    expect(provisional.body).toMatchObject({ year: 2027, provisional: true, version: 0, workingWeekendDays: [] });
    expect(provisional.body.holidays).toEqual(expect.arrayContaining([['2027-01-01', '2027-01-01'], ['2027-02-05', '2027-02-08'], ['2027-10-01', '2027-10-03']]));
    expect(provisional.body.source).toContain('全国年节及纪念日放假办法');
  });

  it('tells ops which years are provisional, and warns from 1 December while next year is', async () => {
    const response = await fetch(`${service.url}/metrics`);
    const text = await response.text();
    const today = todayInShanghai();
    const thisYear = Number(today.slice(0, 4));
    // Every shipped year is published; any year after 2026 is provisional here (this suite publishes only 2099).
    for (const year of [thisYear, thisYear + 1, thisYear + 2]) {
      expect(text).toContain(`calendar_year_provisional{year="${year}"} ${year > 2026 ? 1 : 0}`);
    }
    expect(text).toContain(`calendar_next_year_provisional_warning ${today.slice(5) >= '12-01' && thisYear + 1 > 2026 ? 1 : 0}`);
  });

  it('computes a deadline as the platform does: 5 working days from 2026-12-28 end on the provisional 2027-01-05', async () => {
    const res = await get('/deadline?from=2026-12-28&workingDays=5');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-12-28', workingDays: 5, dueBy: '2027-01-05T23:59:59.999+08:00', provisional: true });
    expect((await get('/deadline?from=2026-09-24&workingDays=5')).body).toMatchObject({ dueBy: '2026-10-09T23:59:59.999+08:00', provisional: false });
    expect((await get('/deadline?from=2026-03-02&workingDays=0')).body).toMatchObject({ dueBy: '2026-03-02T23:59:59.999+08:00' });
  });

  it.each<[string, string]>([
    ['/2019', 'year'],
    ['/2100', 'year'],
    ['/next', 'year'],
    ['/deadline?from=2026-02-30&workingDays=5', 'from'],
    ['/deadline?from=2026-2-3&workingDays=5', 'from'],
    ['/deadline?from=2019-06-03&workingDays=5', 'from'],
    ['/deadline?from=2026-03-02&workingDays=-1', 'workingDays'],
    ['/deadline?from=2026-03-02&workingDays=1.5', 'workingDays'],
    ['/deadline?from=2026-03-02', 'workingDays'],
    ['/deadline?workingDays=3', 'from'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('takes a published year from the reference topic; a publication that breaks the rules is dead-lettered and never applied', async () => {
    const dlq = await KafkaProbe.start({ topic: dlqTopic(TOPICS.reference, service.env.KAFKA_CONSUMER_GROUP), fromBeginning: true });
    try {
      await publisher.publish(publication(1));
      await waitFor(async () => (await get(`/${YEAR}`)).body.version === 1, { timeoutMs: 60_000, intervalMs: 250 });
      expect((await get(`/${YEAR}`)).body).toMatchObject({ provisional: false, version: 1, holidays: [['2099-01-01', '2099-01-05']], workingWeekendDays: ['2099-01-10'] });
      // 2098-12-31 (Wednesday) + 1 working day: 01-01..05 are holidays, so Tuesday 01-06; 2098 itself is still provisional.
      expect((await get('/deadline?from=2098-12-31&workingDays=1')).body).toMatchObject({
        dueBy: '2099-01-06T23:59:59.999+08:00',
        provisional: true,
        calendar: [
          { year: 2098, version: 0, provisional: true },
          { year: 2099, version: 1, provisional: false },
        ],
      });

      // Valid by the schema, but against the publishing rules (a working weekend day that is a Monday).
      const invalid = publication(2, { workingWeekendDays: ['2099-01-12'] });
      await publisher.publish(invalid, publication(3, { workingWeekendDays: [] }));
      await waitFor(async () => (await get(`/${YEAR}`)).body.version === 3, { timeoutMs: 60_000, intervalMs: 250 });
      const dead = await dlq.waitForMessage((e) => e.id === invalid.id, 60_000);
      expect(dead.data).toMatchObject({ version: 2 });
      const rows = await queryDatabase(db.url, `SELECT version FROM calendar_years WHERE year = $1`, [YEAR]);
      expect(rows).toEqual([{ version: 3 }]);
      // An older version arriving late changes nothing.
      const late = publication(1, { holidays: [] });
      await publisher.publish(late);
      await waitFor(async () => (await queryDatabase(db.url, `SELECT 1 FROM inbox WHERE event_id = $1`, [late.id])).length === 1, { timeoutMs: 60_000, intervalMs: 250 });
      expect((await get(`/${YEAR}`)).body).toMatchObject({ version: 3, workingWeekendDays: [] });
      // The dead letter is an incident visible to ops in the service's own table too.
      expect(await queryDatabase(db.url, `SELECT event_id FROM dead_letters WHERE event_id = $1`, [invalid.id])).toHaveLength(1);
    } finally {
      await dlq.stop();
    }
  });
});

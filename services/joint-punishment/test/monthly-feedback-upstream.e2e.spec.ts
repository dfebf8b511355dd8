/**
 * 跟踪反馈 upstream (domain.md §5, §9): every ended month's execution report is compiled once, also
 * across a restart, into joint-punishment.monthly-feedback-compiled, and the national connector
 * delivers it once to the sandbox national platform's `POST /feedback/monthly` with the event id as
 * Idempotency-Key. Both services run as their own processes. Build first.
 */
import { todayInShanghai } from '@credit/domain-kernel';
import {
  bearer,
  createTestDatabase,
  freePort,
  groupAtEndOfSubjectTopic,
  mintToken,
  queryDatabase,
  startSandbox,
  ServiceProcess,
  uniqueName,
  waitFor,
  type RunningSandbox,
  type TestDatabase,
} from '@credit/testing';
import { JointPunishmentFixture } from './support/joint-punishment.fixture';

/** `YYYY-MM` of the month `back` months before the current one (Asia/Shanghai). */
function monthsAgo(back: number): string {
  const [y, m] = todayInShanghai().split('-').map(Number);
  const total = y * 12 + (m - 1) - back;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

describe('monthly feedback upstream', () => {
  let fixture: JointPunishmentFixture;
  let sandbox: RunningSandbox;
  let connectorDb: TestDatabase;
  let connector: ServiceProcess | undefined;
  const months = [monthsAgo(3), monthsAgo(2), monthsAgo(1)];

  const compiled = () =>
    fixture.query<{ month: string; event_id: string }>(`SELECT month, event_id FROM monthly_feedback_reports ORDER BY month`);
  const compiledEvents = () =>
    fixture.query<{ event_id: string; data: { month: string } }>(
      `SELECT event_id::text, data FROM events WHERE type = 'joint-punishment.monthly-feedback-compiled' ORDER BY global_position`,
    );

  beforeAll(async () => {
    // Scans every second, from three months back: the three ended months are due at start-up.
    fixture = await JointPunishmentFixture.start({ name: 'feedback-upstream', env: { FEEDBACK_FIRST_MONTH: months[0], FEEDBACK_SCAN_SECONDS: '1' } });
    sandbox = await startSandbox({ port: 0 });
    connectorDb = await createTestDatabase('national_connector_feedback_e2e');
  }, 180_000);

  afterAll(async () => {
    await connector?.stop();
    await fixture?.stop();
    await connectorDb?.drop();
    await sandbox?.close();
  });

  it('compiles each ended month once, also across a restart', async () => {
    await waitFor(async () => (await compiled()).length === 3, { timeoutMs: 60_000, description: 'three months compiled' });
    expect((await compiled()).map((r) => r.month)).toEqual(months);

    await fixture.service.stop();
    await fixture.startService();
    // Several scans run after the restart (one per second); none compiles a month again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await compiled()).map((r) => r.month)).toEqual(months);
    const events = await compiledEvents();
    expect(events.map((e) => e.data.month)).toEqual(months);
    expect(events.map((e) => e.event_id)).toEqual((await compiled()).map((r) => r.event_id));

    const ops = await mintToken({ sub: '11450100007712342F', name: 'ops', roles: ['ops'] });
    const live = await fixture.call('GET', `/api/v1/feedback/monthly?month=${months[2]}`, undefined, bearer(ops));
    expect(events[2].data).toMatchObject({ month: months[2], cityWide: live.body.cityWide, units: live.body.units });
  }, 120_000);

  it('is delivered by the national connector to POST /feedback/monthly once per month, keyed by the event id', async () => {
    const events = await compiledEvents();
    const group = uniqueName('national-connector-feedback-e2e');
    await groupAtEndOfSubjectTopic(group);
    connector = ServiceProcess.start({
      name: 'national-connector',
      port: await freePort(),
      env: {
        DATABASE_URL: connectorDb.url,
        KAFKA_CONSUMER_GROUP: group,
        NATIONAL_PLATFORM_URL: sandbox.url,
        DELIVERY_BACKOFF_INITIAL_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '400',
        DELIVERY_POLL_INTERVAL_MS: '100',
      },
    });
    await connector.waitHealthy(90_000);
    const ours = (path = '/feedback/monthly') => sandbox.received({ path }).filter((r) => events.some((e) => e.event_id === r.idempotencyKey));
    await waitFor(() => ours().length >= 3, { timeoutMs: 120_000, description: 'three monthly reports delivered' });
    // A restart of the connector delivers nothing twice.
    await connector.stop();
    await connector.start();
    await connector.waitHealthy(90_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const received = ours();
    expect(received.filter((r) => !r.duplicate).map((r) => r.idempotencyKey).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(received.every((r) => r.target === 'credit-china' && r.status === 200)).toBe(true);
    for (const event of events) {
      const delivery = received.find((r) => r.idempotencyKey === event.event_id && !r.duplicate)!;
      expect(delivery.body).toMatchObject({ month: event.data.month, cityWide: expect.any(Object), units: expect.any(Array) });
    }
    // Each outcome is recorded as reference data (no subject): one acknowledgement per report, on the reference topic.
    const outcomes: { type: string; subject_key: string | null; causation_id: string }[] = await queryDatabase(
      connectorDb.url,
      `SELECT type, subject_key, causation_id FROM events WHERE causation_id = ANY($1::text[])`,
      [events.map((e) => e.event_id)],
    );
    expect(outcomes.map((o) => o.causation_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(outcomes.every((o) => o.type === 'national-connector.reference-delivery-acknowledged' && o.subject_key === null)).toBe(true);
  }, 300_000);
});

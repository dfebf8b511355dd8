/**
 * Backpressure per national target: one target answering 429 for a long time does not hold the
 * deliveries to the others, and once it recovers its deliveries arrive in order per subject.
 */
import { freshUscc, waitFor } from '@credit/testing';
import { accepted, repairApproved, startConnector, type ConnectorUnderTest } from './connector-harness';

const HELD = 'enterprise-publicity';
const OPEN = 'credit-china';

describe('backpressure per national target', () => {
  let connector: ConnectorUnderTest;

  beforeAll(async () => {
    // Two lanes: without the pause, the held target's rows would be enough to occupy them.
    connector = await startConnector('national_connector_backpressure_e2e', { DELIVERY_CONCURRENCY: '2' });
  }, 180_000);

  afterAll(async () => {
    await connector?.stop();
  });

  it.each([
    ['answers 429 with Retry-After: 1', 429, 1],
    ['is down (503)', 503, undefined],
  ] as const)('delivers to the other targets while one %s, then delivers the held ones in order per subject', async (_case, status, retryAfterSeconds) => {
    const { sandbox } = connector;
    await connector.drained();
    sandbox.reset();
    sandbox.failNext(1_000_000, status, { target: HELD, retryAfterSeconds });
    const outageStart = Date.now();

    // Two subjects, three repairs each, published in order (one subject, one partition).
    const subjects = [freshUscc(), freshUscc()];
    const repairs = subjects.map((subject) => [repairApproved(subject), repairApproved(subject), repairApproved(subject)]);
    for (const repair of repairs.flat()) await connector.publisher.publish(repair);

    await waitFor(async () => repairs.flat().every((r) => accepted(sandbox, r.id, OPEN).length === 1), { timeoutMs: 60_000, description: `every repair delivered to ${OPEN}` });
    // Let the outage last a while longer.
    await new Promise((r) => setTimeout(r, 4000));
    const held = sandbox.received({ target: HELD });
    expect(held.every((r) => r.status === status)).toBe(true);
    // Only each subject's first repair is tried: the later ones never overtake it.
    expect(new Set(held.map((r) => r.idempotencyKey))).toEqual(new Set(repairs.map((subject) => subject[0].id)));
    if (retryAfterSeconds !== undefined) {
      // Retry-After is honoured: the target is paused, not called by every lane meanwhile.
      const seconds = (Date.now() - outageStart) / 1000;
      expect(held.length).toBeLessThanOrEqual(2 * (Math.ceil(seconds / retryAfterSeconds) + 1));
    }

    // Ops see the held target paused, with its deliveries waiting, and the open one not.
    // (A 1 s Retry-After ends between the retries: the scrape is repeated until it falls inside a pause.)
    let during = new Map<string, number>();
    await waitFor(async () => (during = await metricValues(connector)).get(`national_connector_target_paused{target="${HELD}"}`) === 1, {
      timeoutMs: 10_000,
      description: `${HELD} reported paused`,
    });
    expect(during.get(`national_connector_deliveries_pending{target="${HELD}"}`)).toBe(repairs.flat().length);
    expect(during.get(`national_connector_deliveries_oldest_pending_seconds{target="${HELD}"}`)).toBeGreaterThan(4);
    expect(during.get(`national_connector_target_paused_until_timestamp_seconds{target="${HELD}"}`)).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(during.get(`national_connector_target_paused{target="${OPEN}"}`) ?? 0).toBe(0);

    sandbox.failNext(0, status, { target: HELD });
    await waitFor(async () => repairs.flat().every((r) => accepted(sandbox, r.id, HELD).length === 1), { timeoutMs: 60_000, description: `every repair delivered to ${HELD}` });
    const arrivals = sandbox.received({ target: HELD }).filter((r) => r.status === 200 && !r.duplicate);
    for (const subject of repairs) {
      expect(arrivals.filter((r) => subject.some((s) => s.id === r.idempotencyKey)).map((r) => r.idempotencyKey)).toEqual(subject.map((s) => s.id));
    }
    expect(repairs.flat().every((r) => accepted(sandbox, r.id, OPEN).length === 1)).toBe(true);
    const after = await metricValues(connector);
    expect(after.get(`national_connector_target_paused{target="${HELD}"}`) ?? 0).toBe(0);
    expect(after.get(`national_connector_deliveries_pending{target="${HELD}"}`) ?? 0).toBe(0);
  });
});

/** The connector's /metrics samples, by name and labels as written. */
async function metricValues(connector: ConnectorUnderTest): Promise<Map<string, number>> {
  const text = await (await fetch(`${connector.service.url}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(national_connector_\S+) (\S+)$/.exec(line);
    if (match) values.set(match[1], Number(match[2]));
  }
  return values;
}

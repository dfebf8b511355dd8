/**
 * Reconciliation runs against the sandbox national platform: a delivery the national side lost is
 * found missing, and delivered again once with its Idempotency-Key; a later run finds nothing.
 */
import { bearer, mintToken, waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { accepted, CREDIT_OFFICE, repairApproved, startConnector, type ConnectorUnderTest } from './connector-harness';

describe('reconciliation with the national side', () => {
  let connector: ConnectorUnderTest;
  let reader: string;
  const since = new Date(Date.now() - 60_000).toISOString();
  const until = () => new Date(Date.now() + 60_000).toISOString();

  const startRun = (body: unknown, token = connector.ops) =>
    connector.call('POST', '/api/v1/reconciliation/runs', body, bearer(token, { 'idempotency-key': randomUUID() }));
  const ledger = async () => (await connector.call('GET', '/api/v1/deliveries?pageSize=500', undefined, bearer(connector.ops))).body;

  beforeAll(async () => {
    // A daily time set: the run due most recently (yesterday's, in Shanghai) is made up at start-up.
    connector = await startConnector('national_connector_reconciliation_e2e', { RECONCILIATION_DAILY_AT: '00:00' });
    reader = await mintToken({ sub: CREDIT_OFFICE, name: 'reader', roles: ['reader'] });
  }, 180_000);

  afterAll(async () => {
    await connector?.stop();
  });

  it('finds a delivery the national side lost, delivers it again once with the same Idempotency-Key, and then finds nothing', async () => {
    const { sandbox } = connector;
    const repair = repairApproved();
    await connector.publisher.publish(repair);
    const [receipt] = await waitFor(async () => (accepted(sandbox, repair.id, 'credit-china').length === 1 ? accepted(sandbox, repair.id, 'credit-china') : undefined), {
      timeoutMs: 60_000,
      description: 'the repair delivered to credit-china',
    });
    await waitFor(async () => accepted(sandbox, repair.id, 'enterprise-publicity').length === 1, { timeoutMs: 60_000, description: 'the repair delivered to enterprise-publicity' });
    await connector.drained();

    expect(sandbox.forget(receipt.receiptId!)).toBe(true);
    expect(sandbox.received({ target: 'credit-china' }).filter((r) => r.idempotencyKey === repair.id)).toHaveLength(0);

    const reported = await startRun({ from: since, to: until() });
    expect(reported.status).toBe(201);
    const lost = reported.body.missing.filter((m: any) => m.sourceEventId === repair.id);
    expect(lost).toEqual([expect.objectContaining({ sourceEventId: repair.id, target: 'credit-china', endpoint: '/repair-results' })]);
    expect(reported.body).toMatchObject({ id: expect.any(String), redeliver: false, redelivered: 0, from: new Date(since).toISOString() });
    expect(reported.body.checked).toBeGreaterThanOrEqual(2);
    expect((await connector.call('GET', `/api/v1/reconciliation/runs/${reported.body.id}`, undefined, bearer(connector.ops))).body).toEqual(reported.body);
    // Reporting alone delivers nothing.
    await new Promise((r) => setTimeout(r, 1000));
    expect(sandbox.received({ target: 'credit-china' }).filter((r) => r.idempotencyKey === repair.id)).toHaveLength(0);

    const redelivering = await startRun({ from: since, to: until(), target: 'credit-china', redeliver: true });
    expect(redelivering.status).toBe(201);
    expect(redelivering.body.missing.map((m: any) => m.deliveryId)).toContain(lost[0].deliveryId);
    expect(redelivering.body.redelivered).toBe(redelivering.body.missing.length + redelivering.body.failed.length);
    await waitFor(async () => accepted(sandbox, repair.id, 'credit-china').length === 1, { timeoutMs: 60_000, description: 'the lost delivery delivered again' });
    await connector.drained();
    // Give a second (wrong) redelivery time to happen.
    await new Promise((r) => setTimeout(r, 2000));
    const again = sandbox.received({ target: 'credit-china' }).filter((r) => r.idempotencyKey === repair.id);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 200, duplicate: false, path: '/repair-results' });
    expect(accepted(sandbox, repair.id, 'enterprise-publicity')).toHaveLength(1);

    const after = await startRun({ from: since, to: until(), redeliver: true });
    expect(after.status).toBe(201);
    expect(after.body.missing).toEqual([]);
    expect(after.body.failed.filter((f: any) => f.sourceEventId === repair.id)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sandbox.received({ target: 'credit-china' }).filter((r) => r.idempotencyKey === repair.id)).toHaveLength(1);
  });

  it('makes up the missed daily run at start-up, and reports the runs as metrics', async () => {
    const metric = (text: string, name: string, trigger: string) => new RegExp(`^${name}\\{[^}]*trigger="${trigger}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1];
    const scrape = async () => (await fetch(`${connector.service.url}/metrics`)).text();
    const text = await waitFor(async () => {
      const body = await scrape();
      return metric(body, 'national_connector_reconciliation_last_run_timestamp_seconds', 'daily') ? body : undefined;
    }, { timeoutMs: 30_000, description: 'the daily run reported' });
    expect(metric(text, 'national_connector_reconciliation_missing', 'daily')).toBe('0');
    expect(metric(text, 'national_connector_reconciliation_missing', 'request')).toBe('0');
    expect(Number(metric(text, 'national_connector_reconciliation_redelivered_total', 'request'))).toBeGreaterThanOrEqual(1);
  });

  it('takes runs from operations only, and refuses a malformed one naming the field, changing nothing', async () => {
    const before = await ledger();
    const refused = await startRun({ from: since, to: until(), redeliver: true }, reader);
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
    for (const [body, field] of [
      [{ from: 'yesterday', to: until() }, 'from'],
      [{ from: since }, 'to'],
      [{ from: until(), to: since }, 'to'],
      [{ from: '2026-W01', to: until() }, 'from'],
      [{ from: since, to: until(), target: 'moon' }, 'target'],
      [{ from: since, to: until(), redeliver: 'yes' }, 'redeliver'],
    ] as const) {
      const bad = await startRun(body);
      expect(bad.status).toBe(400);
      expect(bad.contentType).toContain('application/problem+json');
      expect(bad.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect(await ledger()).toEqual(before);
    expect((await connector.call('GET', `/api/v1/reconciliation/runs/${randomUUID()}`, undefined, bearer(connector.ops))).status).toBe(404);
    expect((await connector.call('GET', `/api/v1/reconciliation/runs/${randomUUID()}`, undefined, bearer(reader))).status).toBe(403);
  });
});

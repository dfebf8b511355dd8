import { lastDailyRun, nextDailyRun, previousShanghaiDay, reconcile, type SettledDelivery } from './reconciliation';

const row = (id: string, status: SettledDelivery['status'], target = 'credit-china'): SettledDelivery => ({
  id,
  sourceEventId: `event-${id}`,
  sourceType: 'credit-repair.repair-approved',
  target,
  endpoint: '/repair-results',
  status,
  lastHttpStatus: status === 'FAILED' ? 400 : 200,
  lastError: status === 'FAILED' ? 'HTTP 400' : null,
});

describe('reconciliation', () => {
  it('reports delivered rows the national side does not hold, and FAILED rows', () => {
    const held = [
      { path: '/repair-results', target: 'credit-china', idempotencyKey: 'event-a' },
      // Same key, another target: does not count for credit-china.
      { path: '/repair-results', target: 'enterprise-publicity', idempotencyKey: 'event-b' },
    ];
    const findings = reconcile([row('a', 'DELIVERED'), row('b', 'DELIVERED'), row('c', 'FAILED')], held);
    expect(findings.checked).toBe(3);
    expect(findings.missing.map((f) => f.deliveryId)).toEqual(['b']);
    expect(findings.failed).toEqual([
      { deliveryId: 'c', sourceEventId: 'event-c', sourceType: 'credit-repair.repair-approved', target: 'credit-china', endpoint: '/repair-results', lastHttpStatus: 400, lastError: 'HTTP 400' },
    ]);
  });

  it('finds nothing when the national side holds every delivered row', () => {
    expect(reconcile([row('a', 'DELIVERED')], [{ path: '/repair-results', target: 'credit-china', idempotencyKey: 'event-a' }])).toEqual({ checked: 1, missing: [], failed: [] });
  });

  it('runs daily at a Shanghai clock time, over the previous Shanghai day', () => {
    // 2026-12-07 01:00 in Shanghai: 02:30 is still to come today.
    expect(nextDailyRun(new Date('2026-12-06T17:00:00Z'), '02:30').toISOString()).toBe('2026-12-06T18:30:00.000Z');
    // 2026-12-07 03:00 in Shanghai: tomorrow's.
    expect(nextDailyRun(new Date('2026-12-06T19:00:00Z'), '02:30').toISOString()).toBe('2026-12-07T18:30:00.000Z');
    expect(() => nextDailyRun(new Date(), '2:30')).toThrow('HH:MM');
    expect(lastDailyRun(new Date('2026-12-06T17:00:00Z'), '02:30').toISOString()).toBe('2026-12-05T18:30:00.000Z');
    expect(previousShanghaiDay(new Date('2026-12-06T18:30:00Z'))).toEqual({ from: new Date('2026-12-05T16:00:00Z'), to: new Date('2026-12-06T16:00:00Z') });
  });
});

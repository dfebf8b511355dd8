/**
 * Reconciliation with the national side, as plain logic: which settled ledger rows the national
 * platform does not hold, and when the daily run happens and which day it covers.
 */

/** A settled ledger row, as a reconciliation reads it. */
export interface SettledDelivery {
  id: string;
  sourceEventId: string;
  sourceType: string;
  target: string;
  endpoint: string;
  status: 'DELIVERED' | 'FAILED';
  lastHttpStatus: number | null;
  lastError: string | null;
}

/** One delivery the national side holds: the feed, the target and the Idempotency-Key it came with. */
export interface HeldReceipt {
  path: string;
  target: string;
  idempotencyKey: string;
}

/** A ledger row a run reports (missing upstream, or refused and FAILED). */
export interface ReconciliationFinding {
  deliveryId: string;
  sourceEventId: string;
  sourceType: string;
  target: string;
  endpoint: string;
  lastHttpStatus: number | null;
  lastError: string | null;
}

export interface ReconciliationFindings {
  checked: number;
  /** The ledger says DELIVERED, the national side does not hold it. */
  missing: ReconciliationFinding[];
  /** FAILED in the ledger (refused upstream, waiting for operations). */
  failed: ReconciliationFinding[];
}

const heldKey = (target: string, path: string, idempotencyKey: string): string => `${target} ${path} ${idempotencyKey}`;

export function reconcile(settled: SettledDelivery[], held: HeldReceipt[]): ReconciliationFindings {
  const holds = new Set(held.map((r) => heldKey(r.target, r.path, r.idempotencyKey)));
  const finding = (d: SettledDelivery): ReconciliationFinding => ({
    deliveryId: d.id,
    sourceEventId: d.sourceEventId,
    sourceType: d.sourceType,
    target: d.target,
    endpoint: d.endpoint,
    lastHttpStatus: d.lastHttpStatus,
    lastError: d.lastError,
  });
  return {
    checked: settled.length,
    missing: settled.filter((d) => d.status === 'DELIVERED' && !holds.has(heldKey(d.target, d.endpoint, d.sourceEventId))).map(finding),
    failed: settled.filter((d) => d.status === 'FAILED').map(finding),
  };
}

/** Asia/Shanghai has no daylight saving time: a fixed UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** `HH:MM` (24-hour clock). */
export const DAILY_AT_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The next time after `now` that the clock in Asia/Shanghai shows `at` (HH:MM). */
export function nextDailyRun(now: Date, at: string): Date {
  const match = DAILY_AT_PATTERN.exec(at);
  if (!match) throw new Error(`daily time must be HH:MM, got ${at}`);
  const shanghaiMidnight = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  const today = shanghaiMidnight + (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

/** The last time at or before `now` that the clock in Asia/Shanghai showed `at`: the daily run due most recently. */
export function lastDailyRun(now: Date, at: string): Date {
  return new Date(nextDailyRun(now, at).getTime() - DAY_MS);
}

/**
 * The period a daily run at `runAt` covers: the whole previous day in Asia/Shanghai, so the
 * deliveries of the day's last hours have had until the run to go through.
 */
export function previousShanghaiDay(runAt: Date): { from: Date; to: Date } {
  const to = Math.floor((runAt.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return { from: new Date(to - DAY_MS), to: new Date(to) };
}

/**
 * The delivery ledger (the deliveries table): what the consumer schedules, the worker claims and
 * settles, and the API lists and retries. All of the ledger's SQL is here.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { PlannedDelivery } from '../adapters/national-protocol.adapter';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED'];

/** A ledger row as the worker and the API read it. */
export interface DeliveryRow {
  id: string;
  source_event_id: string;
  source_type: string;
  target: string;
  endpoint: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_http_status: number | null;
  correlation_id: string;
  subject_key: string | null;
  stream_version: number;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

/** A claimed row, with its target's consecutive failed calls (0 unless it was paused and not answered since). */
export interface ClaimedDelivery extends DeliveryRow {
  target_failures: number;
}

export interface DeliverySource {
  id: string;
  type: string;
  correlationId: string;
  subjectKey: string | null;
}

/** The ledger's event stream of one delivery. */
export const deliveryStream = (deliveryId: string): string => `delivery-${deliveryId}`;

/**
 * Records the deliveries an event calls for, inside the inbox transaction. The unique
 * (source_event_id, target) makes the same event consumed twice (redelivered, or published twice)
 * add nothing: the national platforms hear of it once per target.
 */
export async function recordDeliveries(manager: EntityManager, source: DeliverySource, planned: PlannedDelivery[], newId: () => string): Promise<number> {
  let added = 0;
  for (const delivery of planned) {
    const rows: unknown[] = await manager.query(
      `INSERT INTO deliveries (id, source_event_id, source_type, target, endpoint, payload, status, next_attempt_at, correlation_id, subject_key)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'PENDING', now(), $7, $8)
       ON CONFLICT (source_event_id, target) DO NOTHING
       RETURNING id`,
      [newId(), source.id, source.type, delivery.target, delivery.endpoint, JSON.stringify(delivery.payload), source.correlationId, source.subjectKey],
    );
    added += rows.length;
  }
  return added;
}

/**
 * The next due PENDING delivery, locked for this transaction (skipping rows other workers hold).
 * Two rules keep one target's trouble its own and a subject's deliveries in order:
 * - no row of a paused target is claimed (delivery_target_pauses), so a target that answers 429
 *   or is down never holds the lanes while other targets have due rows;
 * - a subject's row is claimed only when no earlier PENDING row of the same subject to the same
 *   target is left (due or not, locked by a lane or not), so a later delivery never overtakes one
 *   waiting for its retry. A FAILED row is out of the queue: it waits for operations, not the rest.
 */
export async function claimDueDelivery(manager: EntityManager): Promise<ClaimedDelivery | undefined> {
  const [row]: ClaimedDelivery[] = await manager.query(
    `SELECT d.*, coalesce(p.failures, 0)::int AS target_failures
       FROM deliveries d LEFT JOIN delivery_target_pauses p ON p.target = d.target
      WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
        AND (p.paused_until IS NULL OR p.paused_until <= now())
        AND (d.subject_key IS NULL OR NOT EXISTS (
              SELECT 1 FROM deliveries e
               WHERE e.status = 'PENDING' AND e.target = d.target AND e.subject_key = d.subject_key
                 AND (e.created_at, e.id) < (d.created_at, d.id)))
      ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
  );
  return row;
}

/** Pauses a target for `pauseMs` from now (never shortening a pause another lane set), one more failure counted. */
export async function pauseTarget(manager: EntityManager, target: string, pauseMs: number, reason: string): Promise<void> {
  await manager.query(
    `INSERT INTO delivery_target_pauses (target, paused_until, failures, reason)
     VALUES ($1, now() + ($2::int * interval '1 millisecond'), 1, $3)
     ON CONFLICT (target) DO UPDATE SET paused_until = GREATEST(delivery_target_pauses.paused_until, EXCLUDED.paused_until),
            failures = delivery_target_pauses.failures + 1, reason = EXCLUDED.reason, updated_at = now()`,
    [target, pauseMs, reason],
  );
}

/** The target answered: its pause (if any) ends. */
export async function resumeTarget(manager: EntityManager, target: string): Promise<void> {
  await manager.query(`DELETE FROM delivery_target_pauses WHERE target = $1`, [target]);
}

/** Per target with deliveries waiting or a pause in force: how many wait, the oldest's age, and until when it is paused. */
export async function deliveryBacklog(db: DataSource | EntityManager): Promise<{ target: string; pending: number; oldestPendingSeconds: number; pausedUntil: Date | null }[]> {
  const rows: { target: string; pending: number; oldest_pending_seconds: number | null; paused_until: Date | null }[] = await db.query(
    `SELECT coalesce(b.target, p.target) AS target, coalesce(b.pending, 0)::integer AS pending,
            b.oldest_pending_seconds, p.paused_until
       FROM (SELECT target, count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS oldest_pending_seconds
               FROM deliveries WHERE status = 'PENDING' GROUP BY target) b
       FULL JOIN (SELECT target, paused_until FROM delivery_target_pauses WHERE paused_until > now()) p ON p.target = b.target
      ORDER BY 1`,
  );
  return rows.map((row) => ({ target: row.target, pending: row.pending, oldestPendingSeconds: Math.max(0, row.oldest_pending_seconds ?? 0), pausedUntil: row.paused_until }));
}

/** The settled rows (DELIVERED or FAILED) created in [from, to), of one target if given: what a reconciliation checks. */
export async function settledDeliveriesBetween(db: DataSource | EntityManager, from: Date, to: Date, target: string | null): Promise<DeliveryRow[]> {
  return db.query(
    `SELECT * FROM deliveries WHERE status IN ('DELIVERED', 'FAILED') AND created_at >= $1 AND created_at < $2 AND ($3::text IS NULL OR target = $3)
      ORDER BY created_at, id`,
    [from, to, target],
  );
}

/**
 * Puts settled deliveries back to PENDING, due now, for a reconciliation's redelivery; returns the
 * ids it changed. A row a lane or another run already put back (or is delivering) is left alone,
 * so each row is redelivered once.
 */
export async function requeueSettledDeliveries(manager: EntityManager, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  // Selected from the CTE: the driver answers a bare UPDATE ... RETURNING as [rows, count].
  const rows: { id: string }[] = await manager.query(
    `WITH requeued AS (
       UPDATE deliveries SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status IN ('DELIVERED', 'FAILED') RETURNING id)
     SELECT id FROM requeued`,
    [ids],
  );
  return rows.map((r) => r.id);
}

/** A failed attempt to retry: due again in `retryInMs`. */
export async function scheduleDeliveryRetry(
  manager: EntityManager,
  id: string,
  attempts: number,
  retryInMs: number,
  error: string,
  httpStatus: number | null,
): Promise<void> {
  await manager.query(
    `UPDATE deliveries SET attempts = $2, next_attempt_at = now() + ($3::int * interval '1 millisecond'),
                last_error = $4, last_http_status = $5, updated_at = now() WHERE id = $1`,
    [id, attempts, retryInMs, error, httpStatus],
  );
}

/** A delivery settled (DELIVERED or FAILED), at the stream version of its outcome event. */
export async function settleDelivery(
  manager: EntityManager,
  id: string,
  outcome: { status: 'DELIVERED' | 'FAILED'; attempts: number; error: string | null; httpStatus: number; streamVersion: number; at: string },
): Promise<void> {
  await manager.query(
    `UPDATE deliveries SET status = $2, attempts = $3, last_error = $4, last_http_status = $5, stream_version = $6,
              delivered_at = CASE WHEN $2 = 'DELIVERED' THEN $7::timestamptz ELSE delivered_at END, updated_at = now()
       WHERE id = $1`,
    [id, outcome.status, outcome.attempts, outcome.error, outcome.httpStatus, outcome.streamVersion, outcome.at],
  );
}

/** One page of the ledger (of one status, if given), oldest first, with the total count. */
export async function listDeliveries(
  db: DataSource | EntityManager,
  status: DeliveryStatus | undefined,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: DeliveryRow[] }> {
  const where = status ? `WHERE status = $1` : '';
  const params: unknown[] = status ? [status] : [];
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM deliveries ${where}`, params);
  const rows: DeliveryRow[] = await db.query(`SELECT * FROM deliveries ${where} ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
    ...params,
    limit,
    offset,
  ]);
  return { total, rows };
}

/** A delivery, locked for this transaction (undefined when there is none). */
export async function lockDelivery(manager: EntityManager, id: string): Promise<DeliveryRow | undefined> {
  const [row]: DeliveryRow[] = await manager.query(`SELECT * FROM deliveries WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

/** Puts a delivery back to PENDING, due now. */
export async function requeueDelivery(manager: EntityManager, id: string): Promise<void> {
  await manager.query(`UPDATE deliveries SET status = 'PENDING', next_attempt_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

/** A delivery as it is now. */
export async function findDelivery(manager: EntityManager, id: string): Promise<DeliveryRow> {
  const [row]: DeliveryRow[] = await manager.query(`SELECT * FROM deliveries WHERE id = $1`, [id]);
  return row;
}

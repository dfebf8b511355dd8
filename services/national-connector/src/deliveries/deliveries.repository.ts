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

/** The next due PENDING delivery, locked for this transaction (skipping rows other workers hold). */
export async function claimDueDelivery(manager: EntityManager): Promise<DeliveryRow | undefined> {
  const [row]: DeliveryRow[] = await manager.query(
    `SELECT * FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return row;
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

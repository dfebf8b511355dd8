import type { EntityManager } from 'typeorm';
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

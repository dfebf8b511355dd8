import type { Page } from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import { StateConflictError, NotFoundProblem, offsetOf } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryQueryDto } from './deliveries.dto';
import { findDelivery, listDeliveries, lockDelivery, requeueDelivery, type DeliveryRow } from './deliveries.repository';

export interface DeliveryView {
  id: string;
  sourceEventId: string;
  sourceType: string;
  target: string;
  endpoint: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastHttpStatus: number | null;
  correlationId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ledger as operations see it: what failed, and putting a fixed delivery back in the queue. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async list(query: DeliveryQueryDto): Promise<Page<DeliveryView>> {
    const { total, rows } = await listDeliveries(this.dataSource, query.status, query.pageSize, offsetOf(query));
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * A refused (4xx) delivery is retried only by an operator, after the cause is fixed upstream or
   * in the adapter: it goes back to PENDING, due now, with the same Idempotency-Key.
   */
  async retry(id: string): Promise<DeliveryView> {
    if (!UUID.test(id)) throw new NotFoundProblem(`no delivery ${id}`);
    return this.store.transaction(async (tx) => {
      const row = await lockDelivery(tx.manager, id);
      if (!row) throw new NotFoundProblem(`no delivery ${id}`);
      if (row.status !== 'FAILED') {
        // A conflict with the delivery's state (it is pending or delivered), not a rule that may allow it later.
        throw new StateConflictError(`delivery ${id} is ${row.status}: only a FAILED delivery is retried by hand (PENDING ones are retried automatically)`, {
          rule: 'national-connector.retry-failed-only',
        });
      }
      await requeueDelivery(tx.manager, id);
      const updated = await findDelivery(tx.manager, id);
      return toView(updated);
    });
  }
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function toView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    sourceEventId: row.source_event_id,
    sourceType: row.source_type,
    target: row.target,
    endpoint: row.endpoint,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'PENDING' ? iso(row.next_attempt_at) : null,
    lastError: row.last_error,
    lastHttpStatus: row.last_http_status,
    correlationId: row.correlation_id,
    payload: row.payload,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    deliveredAt: iso(row.delivered_at),
  };
}

import { EventStore } from '@credit/event-store';
import { FieldValidationProblem, NotFoundProblem, PROBLEM_TYPES, ProblemException, type Principal } from '@credit/platform';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requeueSettledDeliveries, settledDeliveriesBetween, type DeliveryRow } from '../deliveries/deliveries.repository';
import { NationalPlatformClient, NationalPlatformUnavailableError, type NationalReceipt } from '../deliveries/national-platform.client';
import { reconcile, type ReconciliationFinding, type SettledDelivery } from './reconciliation';
import type { StartReconciliationDto } from './reconciliation.dto';
import { reconciliationFailed, reconciliationLastRun, reconciliationMissing, reconciliationRedelivered } from './reconciliation.metrics';
import { dailyRunRecorded, findRun, insertRun, type ReconciliationRunRow, type RunTrigger } from './reconciliation.repository';

export interface ReconciliationRunView {
  id: string;
  trigger: RunTrigger;
  from: string;
  to: string;
  target: string | null;
  redeliver: boolean;
  checked: number;
  missing: ReconciliationFinding[];
  failed: ReconciliationFinding[];
  redelivered: number;
  requestedBy: string;
  createdAt: string;
}

export interface RunRequest {
  trigger: RunTrigger;
  from: Date;
  to: Date;
  target: string | null;
  redeliver: boolean;
  requestedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Another instance recorded the same daily run first: this one rolls back. */
class DailyRunTaken extends Error {}

/**
 * Compares the ledger with what the national side holds: the settled rows created in the period
 * against each target's reconciliation listing. With `redeliver`, what is missing or FAILED goes
 * back to PENDING in the transaction that records the run, and the worker delivers it again with
 * its source event id as Idempotency-Key: should the national side hold it after all, it answers
 * with its first receipt, so a redelivery is never a second record upstream.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly client: NationalPlatformClient,
  ) {}

  start(dto: StartReconciliationDto, principal: Principal): Promise<ReconciliationRunView> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    // ISO 8601 admits forms (week dates, say) that Date cannot place, and years no ledger row has.
    for (const [field, at] of [['from', from], ['to', to]] as const) {
      const year = at.getUTCFullYear();
      if (Number.isNaN(year) || year < 1970 || year > 9999) throw new FieldValidationProblem([{ field, message: `${field} must be a calendar date or timestamp from 1970 on` }]);
    }
    if (to <= from) throw new FieldValidationProblem([{ field: 'to', message: 'to must be after from' }]);
    return this.run({ trigger: 'request', from, to, target: dto.target ?? null, redeliver: dto.redeliver ?? false, requestedBy: principal.departmentCode }) as Promise<ReconciliationRunView>;
  }

  async get(id: string): Promise<ReconciliationRunView> {
    const row = UUID.test(id) ? await findRun(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no reconciliation run ${id}`);
    return toView(row);
  }

  /** Whether the daily run of this period is recorded already (by this instance or another). */
  dailyRunDone(from: Date, to: Date): Promise<boolean> {
    return dailyRunRecorded(this.dataSource, from, to);
  }

  /** One run; null when it is a daily run another instance recorded first. */
  async run(request: RunRequest): Promise<ReconciliationRunView | null> {
    const settled = await settledDeliveriesBetween(this.dataSource, request.from, request.to, request.target);
    const findings = reconcile(settled.map(toSettled), await this.held(settled, request));
    const id = randomUUID();
    try {
      const row = await this.store.transaction(async (tx) => {
        const requeued = request.redeliver ? await requeueSettledDeliveries(tx.manager, [...findings.missing, ...findings.failed].map((f) => f.deliveryId)) : [];
        const run = {
          id,
          trigger: request.trigger,
          from_at: request.from,
          to_at: request.to,
          target: request.target,
          redeliver: request.redeliver,
          ...findings,
          redelivered: requeued.length,
          requested_by: request.requestedBy,
        };
        if (!(await insertRun(tx.manager, run))) throw new DailyRunTaken();
        return (await findRun(tx.manager, id)) as ReconciliationRunRow;
      });
      this.observe(row);
      return toView(row);
    } catch (error) {
      if (error instanceof DailyRunTaken) return null;
      throw error;
    }
  }

  /**
   * What the national side holds of the period's targets. It received each row after the row was
   * created, possibly after the period ended: the listing runs from `from` to now.
   */
  private async held(settled: DeliveryRow[], request: RunRequest): Promise<NationalReceipt[]> {
    const targets = request.target ? [request.target] : [...new Set(settled.map((d) => d.target))];
    const until = new Date();
    const held: NationalReceipt[] = [];
    try {
      for (const target of targets) held.push(...(await this.client.listReceipts(target, request.from, until)));
    } catch (error) {
      if (!(error instanceof NationalPlatformUnavailableError)) throw error;
      throw new ProblemException({ type: PROBLEM_TYPES.http, title: 'Bad Gateway', status: HttpStatus.BAD_GATEWAY, detail: error.message });
    }
    return held;
  }

  private observe(run: ReconciliationRunRow): void {
    reconciliationMissing.set({ trigger: run.trigger }, run.missing.length);
    reconciliationFailed.set({ trigger: run.trigger }, run.failed.length);
    reconciliationLastRun.set({ trigger: run.trigger }, Date.now() / 1000);
    reconciliationRedelivered.inc({ trigger: run.trigger }, run.redelivered);
    const summary = `reconciliation ${run.id} (${run.trigger}): ${run.checked} checked, ${run.missing.length} missing, ${run.failed.length} failed, ${run.redelivered} redelivered`;
    if (run.missing.length > 0 || run.failed.length > 0) this.logger.warn(summary);
    else this.logger.log(summary);
  }
}

function toSettled(row: DeliveryRow): SettledDelivery {
  return {
    id: row.id,
    sourceEventId: row.source_event_id,
    sourceType: row.source_type,
    target: row.target,
    endpoint: row.endpoint,
    status: row.status as SettledDelivery['status'],
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
  };
}

function toView(row: ReconciliationRunRow): ReconciliationRunView {
  return {
    id: row.id,
    trigger: row.trigger,
    from: new Date(row.from_at).toISOString(),
    to: new Date(row.to_at).toISOString(),
    target: row.target,
    redeliver: row.redeliver,
    checked: row.checked,
    missing: row.missing,
    failed: row.failed,
    redelivered: row.redelivered,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

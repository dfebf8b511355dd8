import { deliveryAcknowledgedV1, deliveryFailedV1, referenceDeliveryAcknowledgedV1, referenceDeliveryFailedV1, type Actor, type DeliveryTarget } from '@credit/contracts';
import { maskIdNumbersInText } from '@credit/domain-kernel';
import { EventStore, type EventStoreTransaction } from '@credit/event-store';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { NationalConnectorConfig } from '../config';
import { decideAttempt, type AttemptOutcome, type CallResult } from './delivery-attempt';
import { claimDueDelivery, deliveryStream, pauseTarget, resumeTarget, scheduleDeliveryRetry, settleDelivery, type ClaimedDelivery, type DeliveryRow } from './deliveries.repository';
import { NationalPlatformClient } from './national-platform.client';
import { decideTargetHealth } from './target-pause';

/** The connector acts for the platform itself (envelope.ts: `system` for the platform's own schedulers). */
export const CONNECTOR_ACTOR: Actor = { departmentCode: 'system', user: 'national-connector' };

/** The error column and the failed event's `error` hold at most this much (contract: 2000 characters). */
const MAX_ERROR = 2000;

/**
 * Works off the delivery ledger. Each due PENDING row is claimed with FOR UPDATE SKIP LOCKED in its
 * own transaction, so processes and lanes never call for the same row at once; the outcome (row
 * update and, when final, the acknowledgement or failure event) commits with the claim. A crash
 * mid-call rolls the claim back and the row is called again with the same Idempotency-Key (the
 * source event id), which the national platform answers with its first receipt: restart-safe.
 * Each answer also tells how its target is doing: a target in trouble is paused, and the claim
 * skips it, so the lanes go to the other targets meanwhile (target-pause.ts).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private running = false;
  private lanes: Promise<void>[] = [];
  /** The lanes waiting for their next poll, each woken early by nudge(). */
  private readonly waiting = new Set<() => void>();
  /** Set by a nudge while no lane waits: the next lane to finish a round goes on at once. */
  private nudged = false;

  constructor(
    private readonly store: EventStore,
    private readonly client: NationalPlatformClient,
    private readonly config: NationalConnectorConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.lanes = Array.from({ length: this.config.concurrency }, (_, lane) => this.runLane(lane));
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.nudge();
    await Promise.all(this.lanes);
  }

  /**
   * Deliveries were scheduled (committed): the waiting lanes look for them now rather than at their
   * next poll. Bound, so that it can be handed over as a callback.
   */
  readonly nudge = (): void => {
    if (this.waiting.size === 0) this.nudged = true;
    for (const wake of [...this.waiting]) wake();
  };

  /** Delivers one due row; false when none is due. Exposed for tests and operations scripts. */
  deliverOne(): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const row = await claimDueDelivery(tx.manager);
      if (!row) return false;
      const result = await this.client.post(row.endpoint, row.target, row.source_event_id, row.payload);
      const attempts = row.attempts + 1;
      await this.record(tx, row, attempts, decideAttempt(result, attempts, this.config.backoff));
      await this.recordTargetHealth(tx, row, result);
      return true;
    });
  }

  private async runLane(lane: number): Promise<void> {
    while (this.running) {
      let delivered = false;
      try {
        delivered = await this.deliverOne();
      } catch (error) {
        // The database is unavailable or the row could not be written: the claim rolled back, the
        // row stays PENDING and is tried again on a later round.
        this.logger.error(`delivery lane ${lane}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!delivered) await this.pause();
    }
  }

  private pause(): Promise<void> {
    if (this.nudged || !this.running) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.config.pollIntervalMs);
      this.waiting.add(wake);
    });
  }

  /** Pauses a target that answered 429/5xx or not at all (target-pause.ts), and resumes one that answered. */
  private async recordTargetHealth(tx: EventStoreTransaction, { target, target_failures: failures }: ClaimedDelivery, result: CallResult): Promise<void> {
    const health = decideTargetHealth(result, failures, this.config.backoff);
    if (health.kind === 'healthy') {
      if (failures > 0) await resumeTarget(tx.manager, target);
      return;
    }
    this.logger.warn(`target ${target} paused for ${health.pauseMs} ms: ${clipError(health.reason)}`);
    await pauseTarget(tx.manager, target, health.pauseMs, clipError(health.reason));
  }

  private async record(tx: EventStoreTransaction, row: DeliveryRow, attempts: number, outcome: AttemptOutcome): Promise<void> {
    if (outcome.status === 'PENDING') {
      const error = clipError(outcome.error);
      this.logger.warn(`delivery ${row.id} (${row.source_type} → ${row.target}) attempt ${attempts} failed, retry in ${outcome.retryInMs} ms: ${error}`);
      await scheduleDeliveryRetry(tx.manager, row.id, attempts, outcome.retryInMs, error, outcome.httpStatus);
      return;
    }
    const at = new Date().toISOString();
    const data = {
      deliveryId: row.id,
      sourceEventId: row.source_event_id,
      sourceType: row.source_type,
      target: row.target as DeliveryTarget,
      endpoint: row.endpoint,
      attempts,
      httpStatus: outcome.httpStatus,
      deliveredAt: at,
    };
    const error = outcome.status === 'FAILED' ? clipError(outcome.error) : null;
    const { nextExpectedVersion } = await tx.append(deliveryStream(row.id), row.stream_version, [
      {
        type: outcomeType(outcome.status, row.subject_key),
        data: error === null ? data : { ...data, error },
        // On the source's partition, so whoever follows the source (credit-repair) sees the outcome after it.
        subjectKey: row.subject_key,
        correlationId: row.correlation_id,
        causationId: row.source_event_id,
        actor: CONNECTOR_ACTOR,
        occurredAt: at,
      },
    ]);
    if (outcome.status === 'FAILED') this.logger.warn(`delivery ${row.id} (${row.source_type} → ${row.target}) refused: ${error}`);
    await settleDelivery(tx.manager, row.id, { status: outcome.status, attempts, error, httpStatus: outcome.httpStatus, streamVersion: nextExpectedVersion, at });
  }
}

/** The outcome event: on the source's subject partition, or, for reference data without a subject, on the reference topic. */
function outcomeType(status: 'DELIVERED' | 'FAILED', subjectKey: string | null): string {
  if (subjectKey === null) return status === 'DELIVERED' ? referenceDeliveryAcknowledgedV1.type : referenceDeliveryFailedV1.type;
  return status === 'DELIVERED' ? deliveryAcknowledgedV1.type : deliveryFailedV1.type;
}

/** Upstream answers are free text: ID numbers in them are masked before they reach the ledger or a topic. */
function clipError(text: string): string {
  const masked = maskIdNumbersInText(text.trim() || 'no detail');
  return masked.length <= MAX_ERROR ? masked : `${masked.slice(0, MAX_ERROR - 1)}…`;
}

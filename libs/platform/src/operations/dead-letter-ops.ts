import type { DeadLetterResolvedData } from '@credit/contracts';
import { EventStore, handleCommand } from '@credit/event-store';
import type { InboxConsumer } from '@credit/messaging';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { PlatformConfig } from '../config/platform-config';
import { DomainRuleError, NotFoundProblem, StateConflictError } from '../errors/problems';
import { deadLetterDecider, deadLetterStream, type DeadLetterCommand } from './dead-letter.decider';
import { commandMetaOf } from '../http/request-context';

export interface DeadLetterResolution {
  deadLetterId: string;
  outcome: 'APPLIED' | 'PARKED' | 'DISCARDED';
  eventId?: string;
  eventType?: string;
}

interface ResolvedRow {
  reason: string;
  event_id: string | null;
  event_type: string | null;
}

/**
 * What an operator does with this service's dead letters (`POST /api/v1/ops/dead-letters/{id}/...`):
 * redrive (feed the record to the handlers again, after a fix; applied at most once) or discard
 * (with why). Either is marked on the dead letter and audited as an event of its own stream, in one
 * transaction.
 */
@Injectable()
export class DeadLetterOps {
  private consumer: () => InboxConsumer | undefined = () => undefined;
  private group: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly config: PlatformConfig,
  ) {}

  /** Called by the bootstrap of a service that consumes events. */
  attach(consumer: () => InboxConsumer | undefined, group: string): void {
    this.consumer = consumer;
    this.group = group;
  }

  async redrive(id: string, principal: Principal, correlationId: string): Promise<DeadLetterResolution> {
    const { consumer, group } = this.consuming(id);
    const result = await consumer.redrive(id);
    const about = { ...(result.eventId !== undefined && { eventId: result.eventId }), ...(result.eventType !== undefined && { eventType: result.eventType }) };
    switch (result.outcome) {
      case 'not-found':
        throw new NotFoundProblem(`no dead letter ${id} of ${group}`);
      case 'already-resolved':
        throw new StateConflictError(`dead letter ${id} was already ${String(result.resolution).toLowerCase()}`, { rule: 'dead-letter.resolved-once' });
      case 'ignored':
        throw new DomainRuleError(`dead letter ${id} (${result.eventType ?? 'unreadable'}) is of no type this service handles; discard it`, { rule: 'dead-letter.handled-type' });
      case 'failed-again':
        throw new DomainRuleError(`dead letter ${id} was refused again: ${result.error}. Fix the cause, then redrive it again`, { rule: 'dead-letter.redrive-applied' });
      case 'parked':
        // Waiting for what it refers to: the consumer applies it when that arrives; still open here.
        return { deadLetterId: id, outcome: 'PARKED', ...about };
      case 'applied':
        await this.resolve(group, id, 'REDRIVEN', null, principal, correlationId, (data) => ({ type: 'RecordRedrive', data: { ...data, outcome: 'APPLIED' } }));
        return { deadLetterId: id, outcome: 'APPLIED', ...about };
    }
  }

  async discard(id: string, note: string, principal: Principal, correlationId: string): Promise<DeadLetterResolution> {
    const { group } = this.consuming(id);
    const row = await this.resolve(group, id, 'DISCARDED', note, principal, correlationId, (data) => ({ type: 'Discard', data: { ...data, note } }));
    return { deadLetterId: id, outcome: 'DISCARDED', ...(row.event_id !== null && { eventId: row.event_id }), ...(row.event_type !== null && { eventType: row.event_type }) };
  }

  private consuming(id: string): { consumer: InboxConsumer; group: string } {
    const consumer = this.consumer();
    if (!consumer || this.group === undefined) throw new NotFoundProblem(`${this.config.serviceName} consumes no events: it has no dead letters`);
    if (!/^[0-9]{1,19}$/.test(id)) throw new NotFoundProblem(`no dead letter ${id}`);
    return { consumer, group: this.group };
  }

  /** Marks the dead letter resolved and appends its audit event, in one transaction. */
  private async resolve(
    group: string,
    id: string,
    resolution: 'REDRIVEN' | 'DISCARDED',
    note: string | null,
    principal: Principal,
    correlationId: string,
    command: (data: DeadLetterResolvedData) => DeadLetterCommand,
  ): Promise<ResolvedRow> {
    return this.store.transaction(async (tx) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
      const [[row]]: [ResolvedRow[], number] = await tx.manager.query(
        `UPDATE dead_letters SET resolution = $3, resolved_at = now(), resolved_by = $4, resolution_note = $5
          WHERE id = $1 AND consumer_group = $2 AND resolution IS NULL RETURNING reason, event_id, event_type`,
        [id, group, resolution, `${principal.departmentCode} ${principal.name}`, note],
      );
      if (!row) {
        const [existing] = await tx.manager.query(`SELECT resolution FROM dead_letters WHERE id = $1 AND consumer_group = $2`, [id, group]);
        if (!existing) throw new NotFoundProblem(`no dead letter ${id} of ${group}`);
        throw new StateConflictError(`dead letter ${id} was already ${String(existing.resolution).toLowerCase()}`, { rule: 'dead-letter.resolved-once' });
      }
      const data: DeadLetterResolvedData = {
        service: this.config.serviceName,
        consumerGroup: group,
        deadLetterId: id,
        reason: row.reason,
        ...(row.event_id !== null && { eventId: row.event_id }),
        ...(row.event_type !== null && { eventType: row.event_type }),
      };
      await handleCommand(tx, deadLetterStream(group, id), deadLetterDecider, command(data), commandMetaOf(principal, correlationId, null));
      return row;
    });
  }
}

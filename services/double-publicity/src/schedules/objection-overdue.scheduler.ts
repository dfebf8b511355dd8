import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { DoublePublicityConfig } from '../config';
import { objectionDecider, objectionStream } from '../objections/objection.decider';
import { projectObjectionEvents } from '../objections/objections.projection';
import { claimOverdueObjection } from './schedules.repository';

/** Registered once per process on the default register, which /metrics serves. */
export const objectionsOverdueTotal =
  (register.getSingleMetric('credit_objections_overdue_total') as Counter<'department'> | undefined) ??
  new Counter({ name: 'credit_objections_overdue_total', help: 'Objections still open after their due time (alerts raised)', labelNames: ['department'] });

/**
 * An objection is answered within 5 working days (domain.md §2, seed 001): one still OPEN after its
 * `dueBy` raises `objection-overdue` once, and counts in `credit_objections_overdue_total`.
 */
@Injectable()
export class ObjectionOverdueScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    config: DoublePublicityConfig,
  ) {
    super();
    this.intervalSeconds = config.objectionOverdueScanSeconds;
  }

  async scan(now = new Date()): Promise<number> {
    const flagged = await this.drain(() => this.next(now));
    if (flagged > 0) this.logger.log(`${flagged} objection(s) open after their due time: alerts raised`);
    return flagged;
  }

  private async next(now: Date): Promise<boolean> {
    const due = await this.store.transaction(async (tx) => {
      const row = await claimOverdueObjection(tx.manager, now);
      if (!row) return null;
      const { events } = await handleCommand(
        tx,
        objectionStream(row.id),
        objectionDecider,
        { type: 'FlagOverdue', data: { detectedOn: todayInShanghai(now) } },
        { subjectKey: row.subject_key, correlationId: randomUUID(), causationId: null, actor: { departmentCode: row.source_unit_code, user: 'objection-scheduler' } },
      );
      if (events.length === 0) throw new Error(`objection ${row.id} is open and unflagged in the read model but flagged or resolved on its stream`);
      await projectObjectionEvents(tx.manager, events);
      return row;
    });
    // Counted once the alert is committed, so a rolled-back round counts nothing.
    if (due) objectionsOverdueTotal.inc({ department: due.source_unit_code });
    return due !== null;
  }
}

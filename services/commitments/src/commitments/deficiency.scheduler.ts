import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommitmentsConfig } from '../config';
import { commitmentDecider, commitmentStream } from './commitment.decider';
import { projectCommitmentEvents } from './commitments.projection';
import { claimLapsedDeficiency } from './commitments.repository';

/**
 * 容缺受理: a commitment accepted with papers missing, not supplied by its verification day (no
 * finding recorded by then), becomes BREACHED: the same `commitment-fulfilment-recorded` a unit's
 * finding is, so grading and joint-punishment take it as they take any breach.
 */
@Injectable()
export class DeficiencyScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    config: CommitmentsConfig,
  ) {
    super();
    this.intervalSeconds = config.deficiencyScanSeconds;
  }

  async scan(now = new Date()): Promise<number> {
    const breached = await this.drain(() => this.next(todayInShanghai(now)));
    if (breached > 0) this.logger.log(`${breached} 容缺受理 commitment(s) breached: missing papers not supplied by the verification day`);
    return breached;
  }

  private async next(today: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const row = await claimLapsedDeficiency(tx.manager, today);
      if (!row) return false;
      const { events } = await handleCommand(
        tx,
        commitmentStream(row.id),
        commitmentDecider,
        { type: 'BreachLapsedDeficiency', data: { commitmentId: row.id, today } },
        { subjectKey: row.subject_key, correlationId: randomUUID(), causationId: null, actor: { departmentCode: row.accepting_unit_code, user: 'deficiency-scheduler' } },
      );
      if (events.length === 0) throw new Error(`commitment ${row.id} is a lapsed 容缺受理 commitment in the read model but not on its stream`);
      await projectCommitmentEvents(tx.manager, events);
      return true;
    });
  }
}

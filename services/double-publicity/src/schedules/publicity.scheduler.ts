import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, type CommandMeta } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DoublePublicityConfig } from '../config';
import { PenaltiesService } from '../penalties/penalties.service';
import type { PenaltyCommand } from '../penalties/penalty.decider';
import { claimDuePenalty, PUBLICITY_EXPIRED_WHERE, REPAIR_ELIGIBLE_DUE_WHERE, type DuePenalty } from './schedules.repository';

// The due records' conditions live with the claim (schedules.repository.ts); re-exported for
// tools/test/publicity-agreement.spec.ts, which checks them against the other services.
export { PUBLICITY_EXPIRED_WHERE, REPAIR_ELIGIBLE_DUE_WHERE } from './schedules.repository';

/**
 * The ends of publicity periods (domain.md §3), by the Asia/Shanghai date:
 * - from `minimumUntil` on, the subject may apply for repair: a `penalty-repair-eligible` reminder
 *   (最短公示期届满提醒), once per record in publicity (none when its maximum has passed as well: it
 *   leaves publicity anyway);
 * - on `maximumUntil` publicity stops automatically (the day before is its last day shown): the record
 *   is withdrawn with reason EXPIRY.
 */
@Injectable()
export class PublicityScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    private readonly penalties: PenaltiesService,
    config: DoublePublicityConfig,
  ) {
    super();
    this.intervalSeconds = config.publicityScanSeconds;
  }

  async scan(now = new Date()): Promise<number> {
    const today = todayInShanghai(now);
    const reminded = await this.drain(() =>
      this.next(
        REPAIR_ELIGIBLE_DUE_WHERE,
        today,
        (due) => ({ type: 'RemindRepairEligible', data: { minimumUntil: due.minimum_until, remindedOn: today } }),
      ),
    );
    const expired = await this.drain(() =>
      this.next(PUBLICITY_EXPIRED_WHERE, today, (due) => ({
        type: 'WithdrawPublicity',
        data: { reason: 'EXPIRY', note: `maximum publicity period ended on ${due.maximum_until}`, withdrawnOn: today },
      })),
    );
    if (reminded + expired > 0) this.logger.log(`publicity scan of ${today}: ${reminded} repair-eligible reminder(s), ${expired} record(s) withdrawn at their maximum`);
    return reminded + expired;
  }

  /** Claims one due record (SKIP LOCKED: never one another instance holds) and decides on it; false when none is due. */
  private next(where: string, today: string, command: (due: DuePenalty) => PenaltyCommand): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const due = await claimDuePenalty(tx.manager, where, today);
      if (!due) return false;
      // The source unit's record and term: the scheduler acts on its behalf, a flow of its own.
      const meta: CommandMeta = {
        subjectKey: due.subject_key,
        correlationId: randomUUID(),
        causationId: null,
        actor: { departmentCode: due.source_unit_code, user: 'publicity-scheduler' },
      };
      const events = await this.penalties.handle(tx, due.id, command(due), meta);
      // The stream says done but the read model did not: stop this round rather than spin on the row.
      if (events.length === 0) throw new Error(`penalty ${due.id} is due in the read model but its stream has nothing to do`);
      return true;
    });
  }
}

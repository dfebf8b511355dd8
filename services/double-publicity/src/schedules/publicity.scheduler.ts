import { minimumPeriodOverSql, publicityEndedSql } from '@credit/credit-rules';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, type CommandMeta } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DoublePublicityConfig } from '../config';
import { PenaltiesService } from '../penalties/penalties.service';
import type { PenaltyCommand } from '../penalties/penalty.decider';

interface DuePenalty {
  id: string;
  subject_key: string;
  source_unit_code: string;
  minimum_until: string;
  maximum_until: string | null;
}

// The day boundaries are the publicity window's own (@credit/credit-rules), generated as SQL, so the
// scheduler withdraws exactly on the day every other service stops counting the record.

/** Penalties due for the repair-eligible reminder on day `$1`: minimum period over, still in publicity, not reminded yet. */
export const REPAIR_ELIGIBLE_DUE_WHERE = `publicity_status = 'PUBLISHED' AND repair_eligible_on IS NULL AND ${minimumPeriodOverSql('minimum_until', '$1')}
         AND (maximum_until IS NULL OR NOT (${publicityEndedSql('maximum_until', '$1')}))`;

/** Penalties whose publicity stops by itself on day `$1` (withdrawn with reason EXPIRY). */
export const PUBLICITY_EXPIRED_WHERE = `publicity_status = 'PUBLISHED' AND ${publicityEndedSql('maximum_until', '$1')}`;

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
      const [due]: DuePenalty[] = await tx.manager.query(
        `SELECT id, subject_key, source_unit_code, to_char(minimum_until, 'YYYY-MM-DD') AS minimum_until,
                to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until
           FROM penalties WHERE ${where}
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [today],
      );
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

import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JointPunishmentConfig } from '../config';
import { ListEntriesService } from '../list-entries/list-entries.service';
import { claimExpiredEntry, type DueEntry } from './expiry.repository';

/**
 * 修复退出 on expiry (domain.md §5): an entry is in force up to and including its `validUntil`
 * (an Asia/Shanghai date) and leaves the list the day after, its measures lifted once. The state
 * is the read model in PostgreSQL, so an entry that expired while the service was down is exited
 * by the scan at the next start. Each due entry is claimed with FOR UPDATE SKIP LOCKED (instances
 * side by side never take the same one) and exited through the decider, which exits an entry
 * once: a second scan, or an exit by repair in between, finds it exited and adds nothing.
 */
@Injectable()
export class ExpiryScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    private readonly entries: ListEntriesService,
    config: JointPunishmentConfig,
  ) {
    super();
    this.intervalSeconds = config.expiryScanSeconds;
  }

  /** Exits every entry whose validUntil is before today (Asia/Shanghai), one transaction each; returns how many. */
  async scan(today = todayInShanghai()): Promise<number> {
    let exited = 0;
    for (;;) {
      const entry = await this.exitNext(today);
      if (entry === null) break;
      this.logger.log(`list entry ${entry.id} expired (valid until ${entry.valid_until}): exited, measures lifted`);
      exited++;
    }
    return exited;
  }

  private async exitNext(today: string): Promise<DueEntry | null> {
    return this.store.transaction(async (tx) => {
      const due = await claimExpiredEntry(tx.manager, today);
      if (!due) return null;
      const changed = await this.entries.exitWithin(
        tx,
        due.id,
        { trigger: 'EXPIRY', reason: `validUntil ${due.valid_until} passed` },
        // The deciding unit set the term; the exit is on its behalf, a flow of its own.
        { subjectKey: due.subject_key, correlationId: randomUUID(), causationId: null, actor: { departmentCode: due.initiating_unit_code, user: 'expiry-scheduler' } },
      );
      // The stream says exited but the read model did not: stop this round rather than spin on the row.
      if (!changed) throw new Error(`list entry ${due.id} is in force in the read model but exited on its stream`);
      return due;
    });
  }
}

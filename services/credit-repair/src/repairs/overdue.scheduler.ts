import { EventStore } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CreditRepairConfig } from '../config';
import { effectsFailed, effectsOverdueTotal, effectsPending } from './repair.metrics';
import { claimOverdueEffect, countOpenEffects, markEffectAlerted, type DueEffect } from './repairs.repository';
import { RepairsService } from './repairs.service';


/**
 * An effect that does not arrive within its deadline raises an alert event, not silence
 * (architecture.md, "The repair, end to end" 4). The state is in PostgreSQL, so a restart resumes
 * where it stopped; each due effect is claimed with FOR UPDATE SKIP LOCKED, so instances running
 * side by side never alert the same effect, and the decider raises at most one alert per effect.
 */
@Injectable()
export class OverdueScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly repairs: RepairsService,
    config: CreditRepairConfig,
  ) {
    super();
    this.intervalSeconds = config.overdueScanSeconds;
  }

  /** Alerts every overdue effect, one transaction each; returns how many alerts were raised. */
  async scan(): Promise<number> {
    let raised = 0;
    for (;;) {
      const alerted = await this.alertNext();
      if (!alerted) break;
      // Counted once committed: a retried transaction must not count twice.
      effectsOverdueTotal.inc({ service: alerted.service, effect: alerted.effect });
      this.logger.warn(`repair ${alerted.application_id}: ${alerted.service} ${alerted.effect} overdue since ${new Date(alerted.deadline).toISOString()}`);
      raised++;
    }
    await this.measurePending();
    return raised;
  }

  private async alertNext(): Promise<DueEffect | null> {
    return this.store.transaction(async (tx) => {
      const due = await claimOverdueEffect(tx.manager);
      if (!due) return null;
      await this.repairs.run(
        tx,
        due.application_id,
        { type: 'RaiseOverdueAlert', data: { service: due.service, effect: due.effect, deadline: new Date(due.deadline).toISOString() } },
        { subjectKey: due.subject_key, correlationId: due.application_id, causationId: null, actor: { departmentCode: due.deciding_unit_code } },
      );
      // The projection marks the row alerted; should the decider have declined (already alerted
      // on the stream), mark it anyway so the scan moves on.
      await markEffectAlerted(tx.manager, due.application_id, due.effect);
      return due;
    });
  }

  /** Effects still pending, and those reported failed (kept for operations to retry), by effect. */
  private async measurePending(): Promise<void> {
    const rows: { service: string; effect: string; status: string; n: string }[] = await countOpenEffects(this.dataSource);
    effectsPending.reset();
    effectsFailed.reset();
    for (const row of rows) (row.status === 'FAILED' ? effectsFailed : effectsPending).set({ service: row.service, effect: row.effect }, Number(row.n));
  }
}

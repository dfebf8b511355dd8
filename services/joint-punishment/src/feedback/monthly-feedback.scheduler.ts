import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JointPunishmentConfig } from '../config';
import { compiledMonths, firstAppliedMonth, saveMonthlyReport } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { monthlyFeedbackDecider, monthlyFeedbackStream, monthsBetween, previousMonth } from './monthly-feedback.decider';

/**
 * 跟踪反馈 upstream (domain.md §5): when a month has ended, its execution report is compiled once
 * into `joint-punishment.monthly-feedback-compiled`, which the national connector delivers. The
 * state is in PostgreSQL (`monthly_feedback_reports`, one row per month, written with the event),
 * so a month that ended while the service was down is compiled at the next start, and a restart
 * never compiles a month twice; instances side by side meet on the month's stream version.
 */
@Injectable()
export class MonthlyFeedbackScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    private readonly feedback: FeedbackService,
    private readonly config: JointPunishmentConfig,
  ) {
    super();
    this.intervalSeconds = config.feedbackScanSeconds;
  }

  /** Compiles every ended month not compiled yet, oldest first, one transaction each; returns how many. */
  async scan(today = todayInShanghai()): Promise<number> {
    const first = this.config.feedbackFirstMonth ?? (await this.firstActiveMonth());
    if (first === null) return 0;
    const compiled = new Set(
      ((await this.store.transaction((tx) => compiledMonths(tx.manager))) as { month: string }[]).map((r) => r.month),
    );
    let count = 0;
    for (const month of monthsBetween(first, previousMonth(today))) {
      if (compiled.has(month) || !(await this.compile(month))) continue;
      this.logger.log(`monthly feedback ${month} compiled`);
      count++;
    }
    return count;
  }

  /** The month (Asia/Shanghai) of the first measure applied here, or null before any. */
  private async firstActiveMonth(): Promise<string | null> {
    const [row]: { month: string | null }[] = await this.store.transaction((tx) =>
      firstAppliedMonth(tx.manager),
    );
    return row?.month ?? null;
  }

  private async compile(month: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const report = await this.feedback.compute(tx.manager, month);
      const { events } = await handleCommand(
        tx,
        monthlyFeedbackStream(month),
        monthlyFeedbackDecider,
        { type: 'CompileMonthlyFeedback', data: report },
        { subjectKey: null, correlationId: randomUUID(), causationId: null, actor: { departmentCode: 'system', user: 'monthly-feedback' } },
      );
      if (events.length === 0) return false;
      await saveMonthlyReport(tx.manager, month, events[0].id, report, events[0].recordedAt);
      return true;
    });
  }
}

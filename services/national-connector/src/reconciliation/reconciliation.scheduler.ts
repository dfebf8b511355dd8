import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NationalConnectorConfig } from '../config';
import { lastDailyRun, nextDailyRun, previousShanghaiDay } from './reconciliation';
import { ReconciliationService } from './reconciliation.service';

/** Longest single timer wait: Node timers overflow past ~24.8 days, and a shorter wait re-reads the clock. */
const MAX_WAIT_MS = 3_600_000;

/**
 * The daily reconciliation (RECONCILIATION_DAILY_AT, Asia/Shanghai) of the previous day, and at
 * start-up the last one if it was missed. Instances side by side each run it; the run's unique
 * (period, daily) record lets one of them keep it.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconciliationScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly config: NationalConnectorConfig,
  ) {}

  onApplicationBootstrap(): void {
    const at = this.config.reconciliationDailyAt;
    if (!at) return;
    // The run due most recently is made up at start-up when it was missed (the service was down
    // then); fire() schedules the next one either way.
    const last = lastDailyRun(new Date(), at);
    const { from, to } = previousShanghaiDay(last);
    this.running = this.reconciliation
      .dailyRunDone(from, to)
      .then((done) => (done ? this.schedule(nextDailyRun(new Date(), at)) : this.fire(last)))
      .catch((error: unknown) => {
        this.logger.warn(`daily reconciliation check failed: ${error instanceof Error ? error.message : String(error)}`);
        this.schedule(nextDailyRun(new Date(), at));
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(at: Date): void {
    if (this.stopped) return;
    const wait = at.getTime() - Date.now();
    this.timer = setTimeout(() => (wait > MAX_WAIT_MS ? this.schedule(at) : void this.fire(at)), Math.min(Math.max(wait, 0), MAX_WAIT_MS));
    this.timer.unref();
  }

  private fire(at: Date): Promise<unknown> {
    if (this.stopped) return Promise.resolve();
    const { from, to } = previousShanghaiDay(at);
    return (this.running = this.reconciliation
      .run({ trigger: 'daily', from, to, target: null, redeliver: this.config.reconciliationDailyRedeliver, requestedBy: 'system' })
      .catch((error: unknown) => this.logger.warn(`daily reconciliation failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.schedule(nextDailyRun(new Date(Math.max(Date.now(), at.getTime())), this.config.reconciliationDailyAt as string))));
  }
}

import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A scan repeated every few seconds while the service runs, and once at start-up (deadlines,
 * expiries, overdue alerts): its state is
 * the read model in PostgreSQL, so whatever fell due while the service was down is handled by the
 * first scan after the restart. One round at a time per process; rounds of processes side by side
 * claim their rows with FOR UPDATE SKIP LOCKED, and the deciders make every effect happen once.
 */
export abstract class ScanScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  protected abstract readonly intervalSeconds: number;

  /** One round: handles everything due now, one transaction per item; returns how many. */
  abstract scan(): Promise<number>;

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.scan()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`scan failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }

  /** Repeats `next` (one claimed item per call, null when nothing is due) until nothing is due. */
  protected async drain(next: () => Promise<boolean>): Promise<number> {
    let handled = 0;
    while (await next()) handled++;
    return handled;
  }
}

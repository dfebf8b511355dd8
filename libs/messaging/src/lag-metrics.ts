import type { Admin } from 'kafkajs';
import type { ConsumerSettings } from './consumer-types';
import { describeFailure } from './errors';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/**
 * The credit_consumer_lag gauges of one consumer group, measured on a timer (`lagIntervalMs`,
 * default 15 s) through the consumer's admin client; the total feeds /health (a lag that does not
 * shrink while nothing is processed is a stall).
 */
export class LagMetrics {
  /** The total lag at the last measurement. */
  lastLag = 0;
  private timer?: NodeJS.Timeout;
  /** The measurement under way, if any (stop() waits for it). */
  pass?: Promise<unknown>;

  /** `admin`: the consumer's admin client, absent before start and after stop (nothing is measured then). */
  constructor(
    private readonly settings: ConsumerSettings,
    private readonly admin: () => Admin | undefined,
  ) {}

  /**
   * Measures credit_consumer_lag for every partition of the group's topics: the high watermark
   * minus the committed offset (minus the log start when the group has committed nothing yet).
   */
  async measureLag(): Promise<PartitionLag[]> {
    const admin = this.admin();
    if (!admin) return [];
    const { groupId, metrics } = this.settings;
    const { topics } = this.settings.options;
    const committed = await admin.fetchOffsets({ groupId, topics });
    const result: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committedOfTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const done = committedOfTopic.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
        const lag = Number(BigInt(end.high) > from ? BigInt(end.high) - from : 0n);
        metrics.lag.set({ group: groupId, topic, partition: String(end.partition) }, lag);
        result.push({ topic, partition: end.partition, lag });
      }
    }
    this.lastLag = result.reduce((sum, each) => sum + each.lag, 0);
    return result;
  }

  /** Schedules the next measurement (while the consumer runs; never when `lagIntervalMs` is 0). */
  schedule(): void {
    const interval = this.settings.options.lagIntervalMs ?? 15_000;
    if (!this.settings.lifecycle.running || interval <= 0) return;
    this.timer = setTimeout(() => {
      this.pass = this.measureLag()
        .catch((error: unknown) => this.settings.logger.warn(`lag measurement failed: ${describeFailure(error).message}`))
        .finally(() => {
          this.pass = undefined;
          this.schedule();
        });
    }, interval);
  }

  /** No further measurement is scheduled (the one under way, {@link pass}, runs to its end). */
  cancel(): void {
    clearTimeout(this.timer);
  }
}

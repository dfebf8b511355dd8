import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { deliveryBacklog } from './deliveries.repository';

/**
 * The delivery ledger as ops watch it on a bad day, read from the ledger when /metrics is scraped (so
 * every instance reports the same, whoever made the calls):
 * - `national_connector_deliveries_pending{target}`: rows waiting (due, in backoff or being called);
 * - `national_connector_deliveries_oldest_pending_seconds{target}`: the age of the oldest, the one to alert on;
 * - `national_connector_target_paused{target}`: 1 while the target is paused after 429/5xx/no answer
 *   (target-pause.ts), with `national_connector_target_paused_until_timestamp_seconds{target}`.
 * Targets with nothing pending and no pause are reported as 0.
 */
const GAUGES = {
  pending: ['national_connector_deliveries_pending', 'Deliveries waiting to be made (due, in backoff or being called), per target'],
  oldest: ['national_connector_deliveries_oldest_pending_seconds', 'Age of the oldest delivery waiting, per target'],
  paused: ['national_connector_target_paused', '1 while the target is paused after 429, 5xx or no answer'],
  pausedUntil: ['national_connector_target_paused_until_timestamp_seconds', 'Until when the target is paused (0 when it is not)'],
} as const;

/** The ledger the gauges read at the next scrape (the current application's; one per process). */
let source: { dataSource: DataSource; logger: Logger } | undefined;

function gauge(key: keyof typeof GAUGES): Gauge<'target'> {
  const [name, help] = GAUGES[key];
  const existing = register.getSingleMetric(name) as Gauge<'target'> | undefined;
  if (existing) return existing;
  return new Gauge({
    name,
    help,
    labelNames: ['target'],
    // prom-client collects the gauges of a scrape side by side: they share one read of the ledger.
    collect: () => (reading ??= collectBacklog().finally(() => (reading = undefined))),
  });
}

/** The read of the scrape under way, which every gauge of it waits for. */
let reading: Promise<void> | undefined;

async function collectBacklog(): Promise<void> {
  if (!source) return;
  try {
    const rows = await deliveryBacklog(source.dataSource);
    for (const key of Object.keys(GAUGES) as (keyof typeof GAUGES)[]) gauge(key).reset();
    for (const row of rows) {
      gauge('pending').set({ target: row.target }, row.pending);
      gauge('oldest').set({ target: row.target }, row.oldestPendingSeconds);
      gauge('paused').set({ target: row.target }, row.pausedUntil === null ? 0 : 1);
      gauge('pausedUntil').set({ target: row.target }, row.pausedUntil === null ? 0 : row.pausedUntil.getTime() / 1000);
    }
  } catch (error) {
    // The last values stay; /health reports the database itself.
    source.logger.warn(`could not read the delivery backlog for /metrics: ${error instanceof Error ? error.message : String(error)}`);
  }
}

@Injectable()
export class DeliveryMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    for (const key of Object.keys(GAUGES) as (keyof typeof GAUGES)[]) gauge(key);
    source = { dataSource: this.dataSource, logger: new Logger(DeliveryMetrics.name) };
  }

  onModuleDestroy(): void {
    if (source?.dataSource === this.dataSource) source = undefined;
  }
}

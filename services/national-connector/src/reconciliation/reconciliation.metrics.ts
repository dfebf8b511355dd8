import { Counter, Gauge, register } from 'prom-client';

/** Registered once per process on the default register, which /metrics serves. */
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Of the last run, by trigger (`daily` is the one to alert on: > 0 means the national side lost deliveries). */
export const reconciliationMissing = metric(
  'national_connector_reconciliation_missing',
  () => new Gauge({ name: 'national_connector_reconciliation_missing', help: 'Deliveries the last reconciliation run found missing on the national side', labelNames: ['trigger'] }),
);

export const reconciliationFailed = metric(
  'national_connector_reconciliation_failed',
  () => new Gauge({ name: 'national_connector_reconciliation_failed', help: 'FAILED deliveries (refused upstream) in the period of the last reconciliation run', labelNames: ['trigger'] }),
);

export const reconciliationLastRun = metric(
  'national_connector_reconciliation_last_run_timestamp_seconds',
  () => new Gauge({ name: 'national_connector_reconciliation_last_run_timestamp_seconds', help: 'When the last reconciliation run finished (alert when the daily one is over a day old)', labelNames: ['trigger'] }),
);

export const reconciliationRedelivered = metric(
  'national_connector_reconciliation_redelivered_total',
  () => new Counter({ name: 'national_connector_reconciliation_redelivered_total', help: 'Deliveries put back in the queue by reconciliation runs', labelNames: ['trigger'] }),
);

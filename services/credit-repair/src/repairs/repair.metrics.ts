import { Counter, Gauge, register } from 'prom-client';

/** Registered once per process on the default register, which /metrics serves. */
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const effectsOverdueTotal = metric(
  'credit_repair_effects_overdue_total',
  () => new Counter({ name: 'credit_repair_effects_overdue_total', help: 'Effects of approved repairs not confirmed by their deadline (alerts raised)', labelNames: ['service', 'effect'] }),
);

export const effectsPending = metric(
  'credit_repair_effects_pending',
  () => new Gauge({ name: 'credit_repair_effects_pending', help: 'Effects of approved repairs still waiting for confirmation', labelNames: ['service', 'effect'] }),
);

export const effectsFailed = metric(
  'credit_repair_effects_failed',
  () => new Gauge({ name: 'credit_repair_effects_failed', help: 'Effects of approved repairs reported failed (a national platform refused the delivery) and not confirmed since', labelNames: ['service', 'effect'] }),
);

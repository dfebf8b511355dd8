import { Counter, Gauge, register } from 'prom-client';

/**
 * The consumer-side Prometheus metrics, on prom-client's default registry (served by /metrics).
 * Several consumers may live in one process (one per consumer group, plus replays), so each
 * metric is looked up before it is created: prom-client refuses a second registration of a name.
 */
function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

function gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return (register.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames });
}

export interface ConsumerMetrics {
  lag: Gauge<'group' | 'topic' | 'partition'>;
  processed: Counter<'group' | 'type' | 'outcome'>;
  deadLettered: Counter<'group' | 'topic'>;
  parked: Gauge<'group'>;
  restarts: Counter<'group'>;
  state: Gauge<'group' | 'state'>;
}

export function consumerMetrics(): ConsumerMetrics {
  return {
    lag: gauge(
      'credit_consumer_lag',
      'Records of a partition not yet processed by a consumer group (high watermark minus committed offset).',
      ['group', 'topic', 'partition'],
    ),
    processed: counter(
      'credit_consumer_processed_total',
      'Records handled by a consumer group, by event type and outcome (applied, duplicate, ignored, parked, dead-lettered).',
      ['group', 'type', 'outcome'],
    ),
    deadLettered: counter(
      'credit_dlq_events_total',
      'Records a consumer group sent to its dead-letter topic, by original topic.',
      ['group', 'topic'],
    ),
    parked: gauge('credit_parked_events', 'Events a consumer group has parked until what they refer to arrives.', ['group']),
    restarts: counter('consumer_restarts_total', 'Consumers the platform restarted after the Kafka client gave up on them.', ['group']),
    state: gauge('consumer_state', 'The state of a consumer group\'s consumer in this process: 1 for its current state, 0 for the others.', ['group', 'state']),
  };
}

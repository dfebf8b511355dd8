import { Counter, Gauge, register } from 'prom-client';

/** Registered once per process on the default registry, whatever the number of relays. */
function gauge(name: string, help: string): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
}

function counter(name: string, help: string): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help });
}

export const relayMetrics = {
  get pending(): Gauge {
    return gauge('credit_relay_pending_events', 'Committed events not yet acknowledged by Kafka (outbox rows)');
  },
  get oldestPendingSeconds(): Gauge {
    return gauge(
      'credit_relay_oldest_pending_seconds',
      'Age of the oldest committed event not yet acknowledged by Kafka, in seconds (0 when none)',
    );
  },
  get published(): Counter {
    return counter('credit_relay_published_total', 'Events published to Kafka and removed from the outbox');
  },
};

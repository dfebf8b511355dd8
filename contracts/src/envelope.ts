/**
 * The event envelope every service writes to its event store and publishes to Kafka.
 * Defined once here; producers and consumers import it from `@credit/contracts`.
 */
export interface Actor {
  /** USCC of the department (or `system` for the platform's own schedulers). */
  departmentCode: string;
  /** The user or system account inside that department, when known. */
  user?: string;
}

export interface EventEnvelope<TData = unknown> {
  /** UUIDv7: time-ordered, and the idempotency key of the event everywhere downstream. */
  id: string;
  /** `<service>.<event-name>`, e.g. `double-publicity.penalty-published`. */
  type: string;
  /** Schema version of `data` for this type (starts at 1). */
  version: number;
  /** Aggregate stream, e.g. `penalty-<id>`. */
  stream: string;
  /** 1-based position of this event in its stream. */
  streamVersion: number;
  /**
   * Key of the credit subject the event is about: the USCC for organisations and individual
   * businesses, a keyed HMAC of the ID number for natural persons; null for reference data.
   */
  subjectKey: string | null;
  /** When the fact happened in the domain (ISO 8601 with offset). */
  occurredAt: string;
  /** When the platform recorded it (ISO 8601 with offset). */
  recordedAt: string;
  /** Travels unchanged through a whole business flow (the repair application id during a repair). */
  correlationId: string;
  /** Id of the event or request that caused this one. */
  causationId: string | null;
  actor: Actor;
  data: TData;
}

export const TOPICS = {
  /** Every event about a credit subject, keyed by subject key: one causal order per subject. */
  subjectEvents: 'credit.subject-events',
  /** Reference data (catalogs, measure lists, rules), keyed by entity id. */
  reference: 'credit.reference',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead-letter topic of a consumer group for a topic: `<topic>.dlq.<group>`. */
export const dlqTopic = (topic: string, group: string): string => `${topic}.dlq.${group}`;

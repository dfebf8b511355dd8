/**
 * Events as another service would have published them, for tests of a consumer: an envelope with
 * the producer's defaults, and a publisher that refuses what the contract would refuse, so that a
 * test never passes on an event no real producer could send.
 */
import { eventRegistry, newEventId, topicName, type Actor, type EventEnvelope } from '@credit/contracts';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { testInfra, uniqueName } from './infra';

export interface TestEnvelopeSpec<T> {
  type: string;
  /** null for reference data. */
  subjectKey: string | null;
  stream: string;
  data: T;
  /** Default: a fresh one, as for a flow that starts with this event. */
  correlationId?: string;
  causationId?: string | null;
  actor?: Actor;
  version?: number;
  streamVersion?: number;
}

/** The actor when a test does not care who published: a department's USCC, as the services send it. */
export const TEST_ACTOR: Actor = { departmentCode: '11450100007712342F', user: 'e2e' };

export function testEnvelope<T>(spec: TestEnvelopeSpec<T>): EventEnvelope<T> {
  const now = new Date().toISOString();
  return {
    id: newEventId(),
    type: spec.type,
    version: spec.version ?? 1,
    stream: spec.stream,
    streamVersion: spec.streamVersion ?? 1,
    subjectKey: spec.subjectKey,
    occurredAt: now,
    recordedAt: now,
    correlationId: spec.correlationId ?? randomUUID(),
    causationId: spec.causationId ?? null,
    actor: spec.actor ?? TEST_ACTOR,
    data: spec.data,
  };
}

export interface TestEventPublisherOptions {
  /** Default: the test infrastructure's brokers ({@link testInfra}). */
  brokers?: string[];
  clientId?: string;
  /** Put in front of the contract's topic names, as the services' KAFKA_TOPIC_PREFIX (default none). */
  topicPrefix?: string;
}

/**
 * Publishes test events the way the services' outbox relays do: on the contract's topic, keyed as
 * the topic requires, idempotent producer with acks from all replicas. (A plain kafkajs producer,
 * like the probe's consumer: the harness stays below @credit/messaging, whose own tests use it.)
 */
export class TestEventPublisher {
  private constructor(
    private readonly producer: Producer,
    private readonly topicPrefix = '',
  ) {}

  static async connect(options: TestEventPublisherOptions = {}): Promise<TestEventPublisher> {
    const kafka = new Kafka({
      clientId: options.clientId ?? uniqueName('test-events'),
      brokers: options.brokers ?? testInfra().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new TestEventPublisher(producer, options.topicPrefix);
  }

  /** Validates every envelope first (as a consumer reads it: parsed JSON), then sends them in one batch, in order. */
  async publish(...envelopes: EventEnvelope[]): Promise<void> {
    const messages = envelopes.map((envelope) => {
      const checked = eventRegistry.validate(JSON.parse(JSON.stringify(envelope)));
      if (!checked.ok) {
        const errors = checked.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ');
        throw new Error(`test event ${envelope.type} v${envelope.version} (${envelope.id}) breaks the contract (${checked.reason}): ${errors}`);
      }
      return {
        topic: `${this.topicPrefix}${topicName(checked.definition.topic)}`,
        key: envelope.subjectKey ?? envelope.stream,
        value: JSON.stringify(envelope),
      };
    });
    // One send per message keeps their order across topics, as a relay's batch does.
    for (const { topic, key, value } of messages) await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

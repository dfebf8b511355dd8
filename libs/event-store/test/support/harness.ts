import type { EventEnvelope } from '@credit/contracts';
import { KafkaPublisher, createKafka, type MessagePublisher, type OutgoingMessage } from '@credit/messaging';
import { createTestDatabase, testInfra, uniqueName, type TestDatabase } from '@credit/testing';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventStore, eventStoreMigrations, type NewEvent, type StoredEvent } from '../../src';

/** A throwaway database with the event store's migrations applied. */
export interface StoreFixture {
  db: TestDatabase;
  dataSource: DataSource;
  store: EventStore;
  close(): Promise<void>;
}

export async function openStore(prefix: string, poolSize = 12): Promise<StoreFixture> {
  const db = await createTestDatabase(prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: eventStoreMigrations,
    poolSize,
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    db,
    dataSource,
    store: new EventStore(dataSource),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}

export function testKafka(): Kafka {
  return createKafka({ clientId: uniqueName('event-store-test'), brokers: testInfra().kafkaBrokers, logLevel: 'error' });
}

/** A fresh topic, so no test ever reads another's records. */
export async function createTopic(kafka: Kafka, prefix: string, partitions = 3): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/**
 * The relay's port over the platform's real KafkaPublisher, with every record redirected to one
 * test topic (key, value and headers untouched) and the published event ids recorded in order.
 */
export class TopicPublisher implements MessagePublisher {
  readonly publishedIds: string[] = [];
  /** Runs after the records are acknowledged and before publish() returns: used to inject failures. */
  afterAck?: (messages: OutgoingMessage[]) => Promise<void> | void;
  private readonly kafkaPublisher: KafkaPublisher;

  constructor(
    kafka: Kafka,
    readonly topic: string,
  ) {
    this.kafkaPublisher = new KafkaPublisher(kafka);
  }

  async connect(): Promise<this> {
    await this.kafkaPublisher.connect();
    return this;
  }

  disconnect(): Promise<void> {
    return this.kafkaPublisher.disconnect();
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.kafkaPublisher.publish(messages.map((m) => ({ ...m, topic: this.topic })));
    for (const m of messages) this.publishedIds.push(m.headers?.id ?? '');
    await this.afterAck?.(messages);
  }
}

export interface ConsumedRecord {
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  envelope: EventEnvelope;
}

/**
 * Everything in the topic right now, partition by partition in offset order (one subject's
 * records are all in one partition, so per-subject order is preserved).
 */
export async function consumeAll(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const highWatermarks = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  const remaining = new Set(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => o.partition));
  const byPartition = new Map<number, ConsumedRecord[]>();
  if (remaining.size > 0) {
    const consumer = kafka.consumer({ groupId: uniqueName('event-store-check') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`consumeAll(${topic}): partitions ${[...remaining].join(',')} not read in ${timeoutMs} ms`)),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            const headers = Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, v === undefined ? '' : String(v)]),
            );
            const records = byPartition.get(partition) ?? [];
            records.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? '',
              headers,
              envelope: JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope,
            });
            byPartition.set(partition, records);
            if (BigInt(message.offset) + 1n >= (highWatermarks.get(partition) ?? 0n)) {
              remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }
  return [...byPartition.keys()].sort((a, b) => a - b).flatMap((p) => byPartition.get(p) ?? []);
}

export async function readAllEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll({ batchSize: 700 })) events.push(event);
  return events;
}

/**
 * The publication guarantee, checked against the store: every stored event published (exactly
 * once, unless at-least-once re-deliveries are allowed), nothing else published, each record
 * keyed and shaped as the store holds it, every stream without gaps or reordering, and each
 * subject's events (reference data: each stream's) in exactly the store's commit order, which is
 * `readAll` order. With duplicates allowed, order is judged on first deliveries: consumers dedupe
 * by event id, so a re-delivery is never applied.
 * Returns the violations (empty = the guarantee held).
 */
export function publicationViolations(
  published: ConsumedRecord[],
  stored: StoredEvent[],
  options: { allowDuplicates?: boolean } = {},
): string[] {
  const violations: string[] = [];
  const storedById = new Map(stored.map((e) => [e.id, e]));
  const deliveries = new Map<string, number>();
  const firstDeliveries: ConsumedRecord[] = [];
  for (const record of published) {
    const id = record.envelope.id;
    const seen = deliveries.get(id) ?? 0;
    deliveries.set(id, seen + 1);
    if (seen === 0) firstDeliveries.push(record);
    const original = storedById.get(id);
    if (!original) {
      violations.push(`published event ${id} is not in the store`);
      continue;
    }
    if (seen > 0) continue;
    const { globalPosition: _position, ...envelope } = original;
    if (JSON.stringify(record.envelope) !== JSON.stringify(envelope)) {
      violations.push(`event ${id} published as ${JSON.stringify(record.envelope)}, stored as ${JSON.stringify(envelope)}`);
    }
    if (record.key !== (original.subjectKey ?? original.stream)) violations.push(`event ${id} published with key ${record.key}`);
    if (record.headers.id !== id || record.headers.type !== original.type) violations.push(`event ${id} has wrong headers`);
  }
  for (const event of stored) {
    const count = deliveries.get(event.id) ?? 0;
    if (count === 0) {
      violations.push(`missing: event ${event.id} (${event.stream} v${event.streamVersion}, position ${event.globalPosition})`);
    } else if (count > 1 && !options.allowDuplicates) {
      violations.push(`duplicate: event ${event.id} published ${count} times`);
    }
  }

  const lastVersion = new Map<string, number>();
  for (const record of firstDeliveries) {
    const { stream, streamVersion, id } = record.envelope;
    const previous = lastVersion.get(stream) ?? 0;
    if (streamVersion !== previous + 1) {
      violations.push(`stream ${stream}: v${streamVersion} (event ${id}) published after v${previous}`);
    }
    lastVersion.set(stream, Math.max(previous, streamVersion));
  }

  const orderKey = (e: EventEnvelope): string => e.subjectKey ?? `stream:${e.stream}`;
  const group = (events: EventEnvelope[]): Map<string, string[]> => {
    const groups = new Map<string, string[]>();
    for (const e of events) {
      const ids = groups.get(orderKey(e)) ?? [];
      ids.push(e.id);
      groups.set(orderKey(e), ids);
    }
    return groups;
  };
  const publishedOrder = group(firstDeliveries.map((r) => r.envelope));
  for (const [key, storedIds] of group(stored)) {
    const publishedIds = (publishedOrder.get(key) ?? []).filter((id) => storedById.has(id));
    const present = new Set(publishedIds);
    const expected = storedIds.filter((id) => present.has(id));
    const at = expected.findIndex((id, i) => publishedIds[i] !== id);
    if (at >= 0) {
      violations.push(`subject ${key}: published order differs from commit order at its event #${at + 1} (${expected[at]})`);
    }
  }
  return violations.length > 20 ? [...violations.slice(0, 20), `... and ${violations.length - 20} more`] : violations;
}

/** A test event about a subject (or reference data when subjectKey is null), ~`padBytes` of data. */
export function testEvent(subjectKey: string | null, data: Record<string, unknown> = {}, padBytes = 0): NewEvent {
  return {
    type: 'test.fact-recorded',
    data: padBytes > 0 ? { ...data, pad: 'x'.repeat(padBytes) } : data,
    subjectKey,
    correlationId: 'corr-test',
    causationId: null,
    actor: { departmentCode: '11450100MB0000000X', user: 'tester' },
  };
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

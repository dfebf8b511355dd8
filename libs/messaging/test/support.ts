import { defineEvent, EventEnvelope, EventRegistry, newEventId } from '@credit/contracts';
import { createTestDatabase, testInfra, TestDatabase, uniqueName } from '@credit/testing';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  createKafka,
  createTopicsIfMissing,
  InboxConsumer,
  InboxConsumerOptions,
  InboxHandler,
  KafkaPublisher,
  messagingMigrations,
  ProcessedRecord,
} from '../src';

/** A small ledger: enough to see whether an effect happened once, twice or never, and in which order. */
export const entryRecordedV1 = defineEvent<{ amount: number }>({
  type: 'test-ledger.entry-recorded',
  version: 1,
  topic: 'subject',
  description: 'An amount booked for a subject.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['amount'],
    properties: { amount: { type: 'integer' } },
  },
});

export const entryRecordedV2 = defineEvent<{ amount: number; currency: string }>({
  type: 'test-ledger.entry-recorded',
  version: 2,
  topic: 'subject',
  description: 'An amount booked for a subject, with its currency.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency'],
    properties: { amount: { type: 'integer' }, currency: { type: 'string', minLength: 3, maxLength: 3 } },
  },
});

export const noteAddedV1 = defineEvent<{ text: string }>({
  type: 'test-ledger.note-added',
  version: 1,
  topic: 'subject',
  description: 'A note about a subject; needs nothing else to exist.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: { text: { type: 'string' } },
  },
});

export const accountOpenedV1 = defineEvent<{ subjectKey: string }>({
  type: 'test-ledger.account-opened',
  version: 1,
  topic: 'reference',
  description: 'Reference data an entry depends on.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['subjectKey'],
    properties: { subjectKey: { type: 'string' } },
  },
});

/** The contract as a consumer built before version 2 of entry-recorded knows it. */
export function registryV1(): EventRegistry {
  return new EventRegistry().register(entryRecordedV1).register(noteAddedV1).register(accountOpenedV1);
}

/** The same consumer after the upgrade that brought version 2 and its upcaster. */
export function registryV2(): EventRegistry {
  return registryV1()
    .register(entryRecordedV2)
    .registerUpcaster<{ amount: number }, { amount: number; currency: string }>(entryRecordedV1.type, 1, (data) => ({
      ...data,
      currency: 'CNY',
    }));
}

export function envelope<T>(
  type: string,
  data: T,
  options: { subjectKey: string | null; id?: string; version?: number; stream?: string; streamVersion?: number },
): EventEnvelope<T> {
  const now = new Date().toISOString();
  return {
    id: options.id ?? newEventId(),
    type,
    version: options.version ?? 1,
    stream: options.stream ?? `ledger-${options.subjectKey ?? 'reference'}`,
    streamVersion: options.streamVersion ?? 1,
    subjectKey: options.subjectKey,
    occurredAt: now,
    recordedAt: now,
    correlationId: newEventId(),
    causationId: null,
    actor: { departmentCode: 'system' },
    data,
  };
}

/** A fresh subject key per test, so tests never see each other's ledger rows. */
export const subjectKey = (): string => uniqueName('subject');

export interface Harness {
  db: TestDatabase;
  dataSource: DataSource;
  kafka: Kafka;
  publisher: KafkaPublisher;
  /** A fresh single-partition topic for one test. */
  freshTopic(prefix?: string): Promise<string>;
  publish(topic: string, events: EventEnvelope[]): Promise<void>;
  /** A consumer with short timeouts; stopped automatically by close(). */
  consumer(options: Partial<InboxConsumerOptions> & Pick<InboxConsumerOptions, 'topics' | 'handlerFor'>): {
    consumer: InboxConsumer;
    processed: ProcessedRecord[];
    groupId: string;
  };
  close(): Promise<void>;
}

export async function createHarness(prefix: string): Promise<Harness> {
  const infra = testInfra();
  const db = await createTestDatabase(prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: messagingMigrations,
    migrationsRun: true,
    poolSize: 10,
  });
  await dataSource.initialize();
  await dataSource.query(`
    CREATE TABLE ledger_entries (
      seq         bigserial PRIMARY KEY,
      subject_key text NOT NULL,
      event_id    uuid NOT NULL,
      kind        text NOT NULL,
      amount      integer
    );
    CREATE TABLE accounts (subject_key text PRIMARY KEY)`);
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: uniqueName('messaging-test'), logLevel: 'error' });
  const publisher = new KafkaPublisher(kafka);
  await publisher.connect();
  const consumers: InboxConsumer[] = [];

  return {
    db,
    dataSource,
    kafka,
    publisher,
    async freshTopic(topicPrefix = 'msg-test') {
      const topic = uniqueName(topicPrefix);
      await createTopicsIfMissing(kafka, [topic], { partitions: 1 });
      return topic;
    },
    async publish(topic, events) {
      await publisher.publish(
        events.map((event) => ({
          topic,
          key: event.subjectKey ?? event.stream,
          value: JSON.stringify(event),
          headers: { id: event.id, type: event.type },
        })),
      );
    },
    consumer(options) {
      const processed: ProcessedRecord[] = [];
      const groupId = options.groupId ?? uniqueName('msg-group');
      const consumer = new InboxConsumer({
        kafka,
        dataSource,
        groupId,
        registry: registryV1(),
        maxAttempts: 3,
        backoffMs: { initial: 50, max: 200 },
        parkedRetryIntervalMs: 200,
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 500,
        maxWaitTimeMs: 200,
        lagIntervalMs: 0,
        ...options,
        onProcessed: (record) => {
          processed.push(record);
          options.onProcessed?.(record);
        },
      });
      consumers.push(consumer);
      return { consumer, processed, groupId };
    },
    async close() {
      await Promise.allSettled(consumers.map((c) => c.stop()));
      await publisher.disconnect().catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
      await db.drop();
    },
  };
}

/** Books an entry in the ledger through the inbox transaction. */
export const bookEntry: InboxHandler = async (event, ctx) => {
  const { amount } = event.data as { amount: number };
  await ctx.manager.query(
    `INSERT INTO ledger_entries (subject_key, event_id, kind, amount) VALUES ($1, $2, 'entry', $3)`,
    [event.subjectKey, event.id, amount],
  );
};

export async function ledger(dataSource: DataSource, subject: string): Promise<Array<{ event_id: string; kind: string; amount: number | null }>> {
  return dataSource.query(`SELECT event_id, kind, amount FROM ledger_entries WHERE subject_key = $1 ORDER BY seq`, [subject]);
}

/** Reads every record of a topic from the beginning with a throwaway group. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  expected: number,
  timeoutMs = 15_000,
): Promise<Array<{ key: string | null; value: string | null; headers: Record<string, string>; offset: string }>> {
  const consumer = kafka.consumer({ groupId: uniqueName('msg-reader'), maxWaitTimeInMs: 200 });
  const records: Array<{ key: string | null; value: string | null; headers: Record<string, string>; offset: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done!: () => void;
    const enough = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
        }
        records.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, offset: message.offset });
        if (records.length >= expected) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      enough,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${records.length}/${expected} records on ${topic}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return records;
  } finally {
    await consumer.disconnect();
  }
}

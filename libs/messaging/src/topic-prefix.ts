import type { Admin, Batch, Consumer, ConsumerSubscribeTopics, Kafka, Producer, RecordMetadata, Transaction } from 'kafkajs';

/** What a topic prefix may hold (the characters of a Kafka topic name). */
export const TOPIC_PREFIX_PATTERN = /^[A-Za-z0-9._-]*$/;

/** Maps the names code uses (logical) to the names on the broker (physical) and back. */
interface Naming {
  to(topic: string): string;
  from(topic: string): string;
}

/** The topic prefix of a client built by createKafka (empty when none). */
const prefixOf = new WeakMap<Kafka, string>();

export function topicPrefixOf(kafka: Kafka): string {
  return prefixOf.get(kafka) ?? '';
}

/**
 * Makes every producer, consumer and admin client of `kafka` put `prefix` in front of the topic
 * names it sends to the broker and take it off the names the broker reports back, so that code
 * keeps using the contract's names (`credit.subject-events`) while a benchmark or a second platform
 * on the same broker works on `<prefix>credit.subject-events`. Only what this platform calls is
 * mapped: produce (also in transactions), subscribe / run / commit / seek / pause / resume and the
 * consumer's instrumentation events, and the admin calls that name topics.
 */
export function applyTopicPrefix(kafka: Kafka, prefix: string): void {
  if (!TOPIC_PREFIX_PATTERN.test(prefix)) throw new Error(`createKafka: topicPrefix may hold letters, digits, ".", "_" and "-" only, got ${JSON.stringify(prefix)}`);
  prefixOf.set(kafka, prefix);
  if (prefix === '') return;
  const naming: Naming = {
    to: (topic) => prefix + topic,
    from: (topic) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic),
  };
  const producer = kafka.producer.bind(kafka);
  const consumer = kafka.consumer.bind(kafka);
  const admin = kafka.admin.bind(kafka);
  kafka.producer = (config) => prefixedProducer(producer(config), naming);
  kafka.consumer = (config) => prefixedConsumer(consumer(config), naming);
  kafka.admin = (config) => prefixedAdmin(admin(config), naming);
}

type TopicPartitions<T> = { topic: string } & T;
const mapTopics = <T>(list: Array<TopicPartitions<T>> | undefined, map: (topic: string) => string): Array<TopicPartitions<T>> | undefined =>
  list?.map((entry) => ({ ...entry, topic: map(entry.topic) }));
const metadataFrom = (records: RecordMetadata[], naming: Naming): RecordMetadata[] =>
  records.map((record) => ({ ...record, topicName: naming.from(record.topicName) }));

function prefixedSender<S extends Pick<Producer, 'send' | 'sendBatch'>>(sender: S, naming: Naming): Pick<Producer, 'send' | 'sendBatch'> {
  return {
    send: async (record) => metadataFrom(await sender.send({ ...record, topic: naming.to(record.topic) }), naming),
    sendBatch: async (batch) =>
      metadataFrom(await sender.sendBatch({ ...batch, topicMessages: batch.topicMessages?.map((t) => ({ ...t, topic: naming.to(t.topic) })) }), naming),
  };
}

function prefixedProducer(producer: Producer, naming: Naming): Producer {
  return {
    ...producer,
    ...prefixedSender(producer, naming),
    transaction: async () => {
      const transaction = await producer.transaction();
      return {
        ...transaction,
        ...prefixedSender(transaction, naming),
        sendOffsets: (offsets) => transaction.sendOffsets({ ...offsets, topics: mapTopics(offsets.topics, naming.to) ?? [] }),
      } satisfies Transaction;
    },
  };
}

function subscriptionOf(topic: string | RegExp, naming: Naming, prefix: string): string | RegExp {
  if (typeof topic === 'string') return naming.to(topic);
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(?:${topic.source.replace(/^\^/, '')})`, topic.flags);
}

/** An instrumentation event's payload with the names the code uses (`topic`, `topics[]`, `memberAssignment`). */
function eventFrom(event: { payload?: Record<string, unknown> }, naming: Naming): unknown {
  const payload = event.payload;
  if (!payload || typeof payload !== 'object') return event;
  const mapped: Record<string, unknown> = { ...payload };
  if (typeof payload.topic === 'string') mapped.topic = naming.from(payload.topic);
  if (Array.isArray(payload.topics)) {
    mapped.topics = payload.topics.map((t: unknown) =>
      typeof t === 'string' ? naming.from(t) : t && typeof t === 'object' && typeof (t as { topic?: unknown }).topic === 'string' ? { ...t, topic: naming.from((t as { topic: string }).topic) } : t,
    );
  }
  if (payload.memberAssignment && typeof payload.memberAssignment === 'object') {
    mapped.memberAssignment = Object.fromEntries(Object.entries(payload.memberAssignment).map(([topic, partitions]) => [naming.from(topic), partitions]));
  }
  return { ...event, payload: mapped };
}

function prefixedConsumer(consumer: Consumer, naming: Naming): Consumer {
  const prefix = naming.to('');
  const batchFrom = (batch: Batch): Batch => {
    const topic = naming.from(batch.topic);
    return new Proxy(batch, { get: (target, property) => (property === 'topic' ? topic : Reflect.get(target, property, target)) });
  };
  return {
    ...consumer,
    subscribe: (subscription) => {
      const topics = 'topics' in subscription ? subscription.topics : [subscription.topic];
      return consumer.subscribe({ fromBeginning: subscription.fromBeginning, topics: topics.map((t) => subscriptionOf(t, naming, prefix)) } satisfies ConsumerSubscribeTopics);
    },
    run: (config) =>
      consumer.run({
        ...config,
        eachMessage: config?.eachMessage && ((payload) => config.eachMessage!({ ...payload, topic: naming.from(payload.topic) })),
        eachBatch:
          config?.eachBatch &&
          ((payload) =>
            config.eachBatch!({
              ...payload,
              batch: batchFrom(payload.batch),
              commitOffsetsIfNecessary: (offsets) =>
                payload.commitOffsetsIfNecessary(offsets && { ...offsets, topics: offsets.topics.map((t) => ({ ...t, topic: naming.to(t.topic) })) }),
              uncommittedOffsets: () => {
                const offsets = payload.uncommittedOffsets();
                return { ...offsets, topics: offsets.topics.map((t) => ({ ...t, topic: naming.from(t.topic) })) };
              },
            })),
      }),
    commitOffsets: (offsets) => consumer.commitOffsets(mapTopics(offsets, naming.to) ?? []),
    seek: (target) => consumer.seek({ ...target, topic: naming.to(target.topic) }),
    pause: (topics) => consumer.pause(mapTopics(topics, naming.to) ?? []),
    resume: (topics) => consumer.resume(mapTopics(topics, naming.to) ?? []),
    paused: () => mapTopics(consumer.paused(), naming.from) ?? [],
    on: ((eventName: string, listener: (event: unknown) => void) =>
      consumer.on(eventName as never, ((event: { payload?: Record<string, unknown> }) => listener(eventFrom(event, naming))) as never)) as Consumer['on'],
  };
}

/** ConfigResourceTypes.TOPIC: a describeConfigs / alterConfigs resource named by a topic. */
const TOPIC_RESOURCE = 2;

function prefixedAdmin(admin: Admin, naming: Naming): Admin {
  const prefix = naming.to('');
  const resourcesTo = <R extends { type: number; name: string }>(resources: R[]): R[] =>
    resources.map((r) => (r.type === TOPIC_RESOURCE ? { ...r, name: naming.to(r.name) } : r));
  return {
    ...admin,
    // Only this prefix's topics, under the names the code uses.
    listTopics: async () => (await admin.listTopics()).filter((t) => t.startsWith(prefix)).map(naming.from),
    createTopics: (options) => admin.createTopics({ ...options, topics: options.topics.map((t) => ({ ...t, topic: naming.to(t.topic) })) }),
    deleteTopics: (options) => admin.deleteTopics({ ...options, topics: options.topics.map(naming.to) }),
    createPartitions: (options) => admin.createPartitions({ ...options, topicPartitions: options.topicPartitions.map((t) => ({ ...t, topic: naming.to(t.topic) })) }),
    fetchTopicMetadata: async (options) => {
      const metadata = await admin.fetchTopicMetadata(options && { ...options, topics: options.topics.map(naming.to) });
      const topics = options ? metadata.topics : metadata.topics.filter((t) => t.name.startsWith(prefix));
      return { ...metadata, topics: topics.map((t) => ({ ...t, name: naming.from(t.name) })) };
    },
    fetchOffsets: async (options) => {
      const offsets = await admin.fetchOffsets({ ...options, topics: options.topics?.map(naming.to) });
      return mapTopics(offsets, naming.from) ?? [];
    },
    fetchTopicOffsets: (topic) => admin.fetchTopicOffsets(naming.to(topic)),
    fetchTopicOffsetsByTimestamp: (topic, timestamp) => admin.fetchTopicOffsetsByTimestamp(naming.to(topic), timestamp),
    setOffsets: (options) => admin.setOffsets({ ...options, topic: naming.to(options.topic) }),
    resetOffsets: (options) => admin.resetOffsets({ ...options, topic: naming.to(options.topic) }),
    deleteTopicRecords: (options) => admin.deleteTopicRecords({ ...options, topic: naming.to(options.topic) }),
    describeConfigs: async (configs) => {
      const described = await admin.describeConfigs({ ...configs, resources: resourcesTo(configs.resources) });
      return {
        ...described,
        resources: described.resources.map((r) => (r.resourceType === TOPIC_RESOURCE ? { ...r, resourceName: naming.from(r.resourceName) } : r)),
      };
    },
    alterConfigs: (configs) => admin.alterConfigs({ ...configs, resources: resourcesTo(configs.resources) }),
  };
}

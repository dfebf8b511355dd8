import { testInfra, uniqueName, waitFor } from '@credit/testing';
import { Kafka } from 'kafkajs';
import { createKafka, createTopicsIfMissing, KafkaPublisher, topicPrefixOf } from '../src';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, readTopic, subjectKey } from './support';

jest.setTimeout(60_000);

/**
 * KAFKA_TOPIC_PREFIX: a client built with a prefix works on `<prefix><name>` on the broker while
 * the code names `<name>`, so a benchmark beside a running platform never feeds it events.
 */
describe('a topic prefix set once on createKafka', () => {
  let h: Harness;
  let plain: Kafka;
  let prefixed: Kafka;
  const prefix = `${uniqueName('bench-test')}.`;

  beforeAll(async () => {
    h = await createHarness('messaging_prefix');
    plain = createKafka({ brokers: testInfra().kafkaBrokers, clientId: uniqueName('unprefixed'), logLevel: 'error' });
    prefixed = createKafka({ brokers: testInfra().kafkaBrokers, clientId: uniqueName('prefixed'), logLevel: 'error', topicPrefix: prefix });
  });

  afterAll(async () => {
    await h.close();
  });

  it('refuses a prefix that is not made of topic-name characters', () => {
    expect(() => createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'bad', topicPrefix: 'a/b' })).toThrow(/topicPrefix/);
    expect(topicPrefixOf(prefixed)).toBe(prefix);
    expect(topicPrefixOf(plain)).toBe('');
  });

  it('creates, produces to, consumes and measures X<name> while the code names <name>; a client without the prefix sees none of it', async () => {
    const topic = uniqueName('msg-prefixed');
    // The same logical name also exists without the prefix, as a running platform's topic would.
    await createTopicsIfMissing(plain, [topic]);
    await createTopicsIfMissing(prefixed, [topic]);

    const rawAdmin = plain.admin();
    const prefixedAdmin = prefixed.admin();
    await Promise.all([rawAdmin.connect(), prefixedAdmin.connect()]);
    try {
      const onBroker = await rawAdmin.listTopics();
      expect(onBroker).toEqual(expect.arrayContaining([topic, `${prefix}${topic}`]));
      // Through the prefixed client: only its own topics, under the names the code uses.
      expect(await prefixedAdmin.listTopics()).toEqual([topic]);

      // An InboxConsumer on the prefixed client subscribes to X<name> and hands the code <name>.
      const { consumer, processed } = h.consumer({ kafka: prefixed, topics: [topic], handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined) });
      await consumer.start();

      const publisher = new KafkaPublisher(prefixed);
      await publisher.connect();
      const subject = subjectKey();
      const events = [1, 2, 3].map((amount) => envelope(entryRecordedV1.type, { amount }, { subjectKey: subject }));
      try {
        await publisher.publish(events.map((e) => ({ topic, key: subject, value: JSON.stringify(e), headers: { id: e.id, type: e.type } })));
      } finally {
        await publisher.disconnect();
      }
      await waitFor(() => processed.length === 3, { timeoutMs: 30_000, description: 'the prefixed consumer processes the three events' });
      expect(processed.map((p) => p.topic)).toEqual([topic, topic, topic]);
      const lag = await consumer.measureLag();
      expect(lag).toEqual([{ topic, partition: 0, lag: 0 }]);
      await consumer.stop();

      // On the broker they are on X<name> ...
      const raw = await readTopic(plain, `${prefix}${topic}`, 3);
      expect(raw.map((r) => JSON.parse(r.value!).id)).toEqual(events.map((e) => e.id));
      const [committed] = await rawAdmin.fetchTopicOffsets(`${prefix}${topic}`);
      expect(committed.high).toBe('3');
      // ... and a consumer of <name> without the prefix sees only what was published there.
      const marker = uniqueName('marker');
      const producer = plain.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'marker', value: marker }] });
      await producer.disconnect();
      const unprefixed = await readTopic(plain, topic, 1);
      expect(unprefixed.map((r) => r.value)).toEqual([marker]);
    } finally {
      await prefixedAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await rawAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await Promise.all([rawAdmin.disconnect(), prefixedAdmin.disconnect()]);
    }
  });
});

import { TOPICS } from '@credit/contracts';
import { testInfra, uniqueName } from '@credit/testing';
import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { checkKafka, createKafka, createTopicsIfMissing, ensureTopics, KafkaPublisher } from '../src';

jest.setTimeout(60_000);

describe('Kafka topics, publisher and health probe on the real broker', () => {
  let kafka: Kafka;

  beforeAll(() => {
    kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: uniqueName('messaging-admin-test'), logLevel: 'error' });
  });

  async function describeTopics(topics: string[]) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      return topics.map((name) => {
        const configs = resources.find((r) => r.resourceName === name)!.configEntries;
        const value = (key: string) => configs.find((c) => c.configName === key)?.configValue;
        return {
          name,
          partitions: metadata.find((t) => t.name === name)!.partitions.length,
          retention: value('retention.ms'),
          cleanup: value('cleanup.policy'),
        };
      });
    } finally {
      await admin.disconnect();
    }
  }

  it('creates the platform topics and extra topics to keep events forever, and tolerates concurrent and repeated calls', async () => {
    const extra = [uniqueName('msg-extra'), uniqueName('msg-extra')];
    // Several services starting at once race to create the same topics.
    await Promise.all([ensureTopics(kafka, { extraTopics: extra }), ensureTopics(kafka, { extraTopics: extra })]);
    await ensureTopics(kafka, { extraTopics: extra });

    const described = await describeTopics([TOPICS.subjectEvents, TOPICS.reference, ...extra]);
    for (const topic of described) {
      expect(topic).toMatchObject({ retention: '-1', cleanup: 'delete' });
    }
    expect(described.slice(2).map((t) => t.partitions)).toEqual([1, 1]);
  });

  it('keeps each key on one partition and in publish order, across batches', async () => {
    const topic = uniqueName('msg-order');
    await createTopicsIfMissing(kafka, [topic], { partitions: 3 });
    expect((await describeTopics([topic]))[0].partitions).toBe(3);

    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    const keys = ['subject-a', 'subject-b', 'subject-c', 'subject-d', 'subject-e'];
    const sent = 60;
    try {
      for (let batch = 0; batch < 3; batch++) {
        await publisher.publish(
          Array.from({ length: sent / 3 }, (_, i) => {
            const seq = batch * (sent / 3) + i;
            return { topic, key: keys[seq % keys.length], value: String(seq), headers: { seq: String(seq) } };
          }),
        );
      }
    } finally {
      await publisher.disconnect();
    }

    const consumer = kafka.consumer({ groupId: uniqueName('msg-order-reader'), maxWaitTimeInMs: 200 });
    const seen = new Map<string, { partitions: Set<number>; values: number[] }>();
    let count = 0;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${count}/${sent} records`)), 20_000);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            const key = message.key!.toString();
            const entry = seen.get(key) ?? { partitions: new Set<number>(), values: [] };
            entry.partitions.add(partition);
            entry.values.push(Number(message.value!.toString()));
            expect(message.headers?.seq?.toString()).toBe(message.value!.toString());
            seen.set(key, entry);
            if (++count === sent) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect([...seen.keys()].sort()).toEqual(keys);
    for (const [, { partitions, values }] of seen) {
      expect(partitions.size).toBe(1);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values).toHaveLength(sent / keys.length);
    }
  });

  it('leaves an existing topic with fewer partitions than asked unchanged, and warns naming it', async () => {
    const topic = uniqueName('msg-fewer');
    await createTopicsIfMissing(kafka, [topic], { partitions: 1 });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await createTopicsIfMissing(kafka, [topic], { partitions: 4 });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`topic ${topic} has 1 partition(s), KAFKA_PARTITIONS asks for 4: left unchanged`));
    } finally {
      warn.mockRestore();
    }
    expect((await describeTopics([topic]))[0].partitions).toBe(1);
  });

  it('reports a reachable cluster healthy and an unreachable one unhealthy within the timeout', async () => {
    await expect(checkKafka(kafka, 5_000)).resolves.toBeUndefined();

    const nowhere = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'health-probe-test', logLevel: 'error', connectionTimeoutMs: 500 });
    const started = Date.now();
    await expect(checkKafka(nowhere, 1_500)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

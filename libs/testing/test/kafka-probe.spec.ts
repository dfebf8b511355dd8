import { Kafka, logLevel, Producer } from 'kafkajs';
import { KafkaProbe, startTestInfra, testInfra, uniqueName } from '../src';

describe('KafkaProbe on the real broker', () => {
  let kafka: Kafka;
  let producer: Producer;
  const probes: KafkaProbe[] = [];
  const probe = async (...args: Parameters<typeof KafkaProbe.start>) => {
    const p = await KafkaProbe.start(...args);
    probes.push(p);
    return p;
  };
  const envelope = (id: string, type: string, subjectKey: string) => ({ id, type, subjectKey, data: { n: id } });
  const send = (topic: string, ...items: ReturnType<typeof envelope>[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: items.map((e) => ({ key: e.subjectKey, value: JSON.stringify(e), headers: { id: e.id, type: e.type } })),
    });

  const createTopic = async () => {
    const topic = uniqueName('test.probe');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    return topic;
  };

  beforeAll(async () => {
    await startTestInfra();
    kafka = new Kafka({ clientId: 'probe-spec', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(probes.map((p) => p.stop()));
    await producer?.disconnect();
  });

  it('reads a topic from the beginning with keys, headers and parsed envelopes', async () => {
    const topic = await createTopic();
    await send(topic, envelope('e1', 'double-publicity.penalty-published', '91450100MA5K12347C'), envelope('e2', 'x.other', 'K2'));
    const p = await probe({ topic });
    const found = await p.waitForMessage((e) => e.type === 'double-publicity.penalty-published', 15_000);
    expect(found).toMatchObject({ id: 'e1', subjectKey: '91450100MA5K12347C' });
    await p.waitForMessages(() => true, 2, 15_000);
    const first = p.messages.find((m) => m.envelope?.id === 'e1')!;
    expect(first).toMatchObject({ topic, key: '91450100MA5K12347C', headers: { id: 'e1', type: 'double-publicity.penalty-published' } });
  });

  it('from now: sees only what is published after start() resolves', async () => {
    const topic = await createTopic();
    await send(topic, envelope('old-1', 't.old', 'A'), envelope('old-2', 't.old', 'B'));
    const p = await probe({ topic, fromBeginning: false });
    await send(topic, envelope('new-1', 't.new', 'A'), envelope('new-2', 't.new', 'B'));
    const fresh = await p.waitForMessages((e) => e.type === 't.new', 2, 15_000);
    expect(fresh.map((e) => e.id).sort()).toEqual(['new-1', 'new-2']);
    expect(p.envelopes.map((e) => e.id)).not.toEqual(expect.arrayContaining(['old-1']));
    expect(p.envelopes.map((e) => e.id)).not.toEqual(expect.arrayContaining(['old-2']));
  });

  it('keeps values that are not JSON, and times out with what it did see', async () => {
    const topic = await createTopic();
    await producer.send({ topic, messages: [{ key: 'k', value: 'not json' }] });
    await send(topic, envelope('seen-1', 't.seen', 'k'));
    const p = await probe({ topic });
    await p.waitForMessage((e) => e.id === 'seen-1', 15_000);
    expect(p.messages.find((m) => m.value === 'not json')).toMatchObject({ envelope: undefined, parseError: expect.any(String) });
    await expect(p.waitForMessage((e) => e.id === 'never', 300)).rejects.toThrow(
      /Timed out after 300 ms waiting for 1 matching message\(s\) on test\.probe.*2 received in all; last: .*t\.seen seen-1/,
    );
  });

  it('fails to start on a topic that does not exist (topics are never auto-created)', async () => {
    const topic = uniqueName('test.missing');
    await expect(KafkaProbe.start({ topic })).rejects.toThrow(`KafkaProbe could not consume ${topic}: This server does not host this topic-partition`);
  });
});

import type { Kafka } from 'kafkajs';
import { register, type Gauge } from 'prom-client';
import { OutboxRelay, RELAY_LOCK_NAMESPACE } from '../src';
import {
  TopicPublisher,
  consumeAll,
  createTopic,
  eventually,
  openStore,
  publicationViolations,
  readAllEvents,
  testEvent,
  testKafka,
  type StoreFixture,
} from './support/harness';

/** For the tests that provoke failures on purpose: the relay's error logs would only be noise. */
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('outbox relay: leadership, restarts and failures (PostgreSQL + Kafka)', () => {
  let fx: StoreFixture;
  let kafka: Kafka;
  const publishers: TopicPublisher[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    fx = await openStore('es_relay_lead');
    kafka = testKafka();
  });
  beforeEach(async () => {
    await fx.dataSource.query('TRUNCATE outbox, events, streams');
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(publishers.splice(0).map((p) => p.disconnect()));
  });
  afterAll(async () => fx?.close());

  const publisherOn = async (topic: string): Promise<TopicPublisher> => {
    const publisher = await new TopicPublisher(kafka, topic).connect();
    publishers.push(publisher);
    return publisher;
  };
  const relayFor = (publisher: TopicPublisher, options: ConstructorParameters<typeof OutboxRelay>[2] = {}): OutboxRelay => {
    const relay = new OutboxRelay(fx.dataSource, publisher, { pollIntervalMs: 10, lockRetryMs: 50, ...options });
    relays.push(relay);
    return relay;
  };
  /** `count` events over 4 subjects and a reference stream, 10 per append. */
  const appendEvents = async (label: string, count: number): Promise<void> => {
    const subjects = ['91450100AAAAAAAA1A', '91450100BBBBBBBB2B', 'hmac:77aa', 'hmac:01ff', null];
    for (let i = 0; i < count / 10; i++) {
      const subject = subjects[i % subjects.length];
      await fx.store.transaction((tx) =>
        tx.append(`${subject ? 'penalty' : 'catalog'}-${subject ?? 'items'}-${i % 3}`, 'any', Array.from({ length: 10 }, (_, k) => testEvent(subject, { label, i, k }, 100))),
      );
    }
  };
  const leaderLockHolders = async (): Promise<number[]> =>
    (
      await fx.dataSource.query(
        `SELECT pid FROM pg_locks
          WHERE locktype = 'advisory' AND classid::bigint = $1 AND objsubid = 2 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [RELAY_LOCK_NAMESPACE],
      )
    ).map((r: { pid: number }) => r.pid);
  const gaugeValue = async (name: string): Promise<number> =>
    (await (register.getSingleMetric(name) as Gauge).get()).values[0]?.value ?? NaN;

  it('lets only one of two relays lead; stopping the leader hands over without publishing anything twice', async () => {
    const topic = await createTopic(kafka, 'es-handover', 2);
    const [publisherA, publisherB] = [await publisherOn(topic), await publisherOn(topic)];
    const a = relayFor(publisherA, { batchSize: 50 });
    const b = relayFor(publisherB, { batchSize: 50 });
    let bothLed = false;
    const sampler = setInterval(() => (bothLed ||= a.isLeader && b.isLeader), 2);
    try {
      await a.start();
      await b.start();
      expect([a.isLeader, b.isLeader]).toEqual([true, false]);
      expect(await leaderLockHolders()).toHaveLength(1);

      await appendEvents('before', 300);
      await eventually(() => publisherA.publishedIds.length === 300, 'the leader to publish the first 300');
      await new Promise((r) => setTimeout(r, 200)); // the follower keeps trying for the lock meanwhile
      expect(publisherB.publishedIds).toEqual([]);
      expect(await b.drainOnce()).toBe(0); // a follower cannot drain either

      await a.stop();
      await eventually(() => b.isLeader, 'the follower to take over');
      await appendEvents('after', 300);
      await eventually(async () => publisherB.publishedIds.length === 300 && (await b.pending()).count === 0, 'the new leader to publish');
      await b.stop();
    } finally {
      clearInterval(sampler);
    }
    expect(bothLed).toBe(false);
    expect(publisherA.publishedIds).toHaveLength(300);
    const stored = await readAllEvents(fx.store);
    expect(new Set(publisherA.publishedIds)).toEqual(new Set(stored.slice(0, 300).map((e) => e.id)));
    expect(publicationViolations(await consumeAll(kafka, topic), stored)).toEqual([]);
  });

  it('drains at once after an append committed in this process, without waiting for its next poll', async () => {
    const topic = await createTopic(kafka, 'es-relay-nudge', 1);
    const publisher = await publisherOn(topic);
    // A poll pause far longer than the test: only the commit signal can wake the relay in time.
    const relay = relayFor(publisher, { pollIntervalMs: 600_000 });
    await relay.start();
    await eventually(async () => relay.isLeader && (await relay.pending()).count === 0, 'the relay to lead an empty outbox');
    await new Promise((r) => setTimeout(r, 100)); // now in its poll pause
    await appendEvents('nudged', 20);
    await eventually(() => publisher.publishedIds.length === 20, 'the relay to publish the new events', 20_000);
    expect(publicationViolations(await consumeAll(kafka, topic), await readAllEvents(fx.store))).toEqual([]);
  });

  it('loses nothing and repeats nothing when stopped and started again in the middle of a backlog', async () => {
    const topic = await createTopic(kafka, 'es-restart', 3);
    const publisher = await publisherOn(topic);
    publisher.afterAck = () => new Promise((r) => setTimeout(r, 15)); // a slow broker: stop lands mid-backlog
    await appendEvents('backlog', 3000);
    const relay = relayFor(publisher, { batchSize: 100, metricsIntervalMs: 0 });

    await relay.start();
    await eventually(() => publisher.publishedIds.length >= 500, '500 events published');
    await relay.stop();
    const beforeRestart = publisher.publishedIds.length;
    expect(beforeRestart).toBeLessThan(3000);
    expect(beforeRestart % 100).toBe(0); // stop() let the batch in flight finish
    expect((await relay.pending()).count).toBe(3000 - beforeRestart);
    expect(await gaugeValue('credit_relay_pending_events')).toBeGreaterThan(0);

    await relay.start();
    await eventually(async () => (await relay.pending()).count === 0, 'the backlog to drain after the restart', 60_000);
    await relay.stop();
    expect(await gaugeValue('credit_relay_pending_events')).toBe(0);
    expect(await gaugeValue('credit_relay_oldest_pending_seconds')).toBe(0);

    const published = await consumeAll(kafka, topic);
    expect(publicationViolations(published, await readAllEvents(fx.store))).toEqual([]);
    expect(published).toHaveLength(3000);
  });

  it('publishes a batch again, and loses nothing, when the relay fails after Kafka acknowledged it', async () => {
    const topic = await createTopic(kafka, 'es-redeliver', 3);
    const publisher = await publisherOn(topic);
    let calls = 0;
    let failedBatch: string[] = [];
    publisher.afterAck = (messages) => {
      if (++calls === 3) {
        failedBatch = messages.map((m) => m.headers?.id ?? '');
        throw new Error('connection reset before the outbox rows were deleted');
      }
    };
    await appendEvents('crash', 500);
    const relay = relayFor(publisher, { batchSize: 100, retryBackoffMs: { initial: 10, max: 50 }, logger: quiet });

    await relay.start();
    await eventually(async () => (await relay.pending()).count === 0, 'the outbox to drain');
    await relay.stop();

    const stored = await readAllEvents(fx.store);
    const published = await consumeAll(kafka, topic);
    expect(failedBatch).toHaveLength(100);
    expect(published).toHaveLength(600);
    // At least once: the acknowledged-but-uncommitted batch went out twice, nothing went missing,
    // and by first delivery (what a deduplicating consumer applies) every subject is in order.
    expect(publicationViolations(published, stored, { allowDuplicates: true })).toEqual([]);
    const strict = publicationViolations(published, stored);
    expect(strict.filter((v) => v.startsWith('duplicate'))).toHaveLength(20); // the checker caps at 20 lines
    expect(strict.filter((v) => !v.startsWith('duplicate') && !v.startsWith('...'))).toEqual([]);
  });

  it('stops publishing when its leader connection dies, and resumes once it holds the lock again', async () => {
    const topic = await createTopic(kafka, 'es-lock-lost', 3);
    const publisher = await publisherOn(topic);
    const relay = relayFor(publisher, { logger: quiet });
    await relay.start();
    const [firstHolder] = await leaderLockHolders();
    expect(firstHolder).toBeDefined();
    await appendEvents('first', 100);
    await eventually(() => publisher.publishedIds.length === 100, 'the first 100 events');

    await fx.dataSource.query('SELECT pg_terminate_backend($1)', [firstHolder]);
    await eventually(async () => !(await leaderLockHolders()).includes(firstHolder), 'the old session to end');
    await appendEvents('second', 100);
    await eventually(async () => (await relay.pending()).count === 0, 'the relay to lead again and publish', 20_000);

    const holders = await leaderLockHolders();
    expect(holders).toHaveLength(1);
    expect(holders[0]).not.toBe(firstHolder);
    expect(relay.isLeader).toBe(true);
    await relay.stop();
    expect(await leaderLockHolders()).toEqual([]);
    const published = await consumeAll(kafka, topic);
    expect(publicationViolations(published, await readAllEvents(fx.store))).toEqual([]);
    expect(published).toHaveLength(200);
  });
});

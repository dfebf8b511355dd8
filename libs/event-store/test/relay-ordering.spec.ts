import type { MessagePublisher } from '@credit/messaging';
import type { Kafka } from 'kafkajs';
import { register, type Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { OutboxRelay, WrongExpectedVersionError, handleCommand, type Decider } from '../src';
import { STORED_EVENT_COLUMNS } from '../src/schema';
import { toOutgoingMessage, toStoredEvent, type EventRow } from '../src/stored-event';
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

/**
 * The relay design this library must not have: remember the highest global_position published
 * and read past it. Under concurrent writers a position can commit after a higher one has been
 * read, and this relay never looks back.
 */
class CheckpointRelay {
  private checkpoint = '0';

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
  ) {}

  async drainOnce(): Promise<number> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${STORED_EVENT_COLUMNS} FROM events e WHERE e.global_position > $1 ORDER BY e.global_position LIMIT 500`,
      [this.checkpoint],
    );
    if (rows.length === 0) return 0;
    await this.publisher.publish(rows.map((row) => toOutgoingMessage(toStoredEvent(row))));
    this.checkpoint = rows[rows.length - 1].global_position;
    return rows.length;
  }
}

type Count = { type: 'test.counted'; data: { seq: number; writer: number; pad: string } };
/** Each event carries the stream version its writer expected it to get: a lost update shows as a mismatch. */
const counter: Decider<{ writer: number; events: number }, Count, number> = {
  initialState: () => 0,
  decide: ({ writer, events }, count) =>
    Array.from({ length: events }, (_, i) => ({
      type: 'test.counted' as const,
      data: { seq: count + i + 1, writer, pad: 'p'.repeat(200) },
    })),
  evolve: (count) => count + 1,
};

describe('outbox relay: publication order under concurrent writers (PostgreSQL + Kafka)', () => {
  let fx: StoreFixture;
  let kafka: Kafka;

  beforeAll(async () => {
    fx = await openStore('es_relay_order', 14);
    kafka = testKafka();
  });
  afterAll(async () => fx?.close());

  it('publishes every event of 8 concurrent writers x 1000 events exactly once, each subject in commit order', async () => {
    const topic = await createTopic(kafka, 'es-order', 3);
    const publisher = await new TopicPublisher(kafka, topic).connect();
    const relay = new OutboxRelay(fx.dataSource, publisher, { batchSize: 200, pollIntervalMs: 10 });
    const publishedMetric = register.getSingleMetric('credit_relay_published_total') as Counter | undefined;
    const publishedBefore = (await publishedMetric?.get())?.values[0]?.value ?? 0;

    // 5 subjects x 6 streams, plus 2 reference-data streams (no subject): writers collide on
    // streams (optimistic concurrency) and on subjects (the subject lock) all the time.
    const streams = [
      ...['91450100AAAAAAAA1A', '91450100BBBBBBBB2B', '91450100CCCCCCCC3C', 'hmac:4d7e', 'hmac:9f01'].flatMap((subject) =>
        Array.from({ length: 6 }, (_, i) => ({ stream: `penalty-${subject}-${i}`, subject: subject as string | null })),
      ),
      { stream: 'catalog-licensing', subject: null },
      { stream: 'catalog-measures', subject: null },
    ];
    await relay.start();
    expect(relay.isLeader).toBe(true);

    let conflicts = 0;
    const writer = async (id: number): Promise<void> => {
      let written = 0;
      let n = 0;
      while (written < 1000) {
        const { stream, subject } = streams[(id * 7 + n++ * 13) % streams.length];
        const events = Math.min(1000 - written, 1 + ((id + n) % 5)); // multi-event appends mixed in
        try {
          await fx.store.transaction((tx) =>
            handleCommand(tx, stream, counter, { writer: id, events }, {
              subjectKey: subject,
              correlationId: `writer-${id}`,
              actor: { departmentCode: 'system' },
            }),
          );
          written += events;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));

    await eventually(async () => (await relay.pending()).count === 0, 'the outbox to drain', 60_000);
    await relay.stop();
    await publisher.disconnect();

    const stored = await readAllEvents(fx.store);
    expect(stored).toHaveLength(8000);
    for (const e of stored) expect((e.data as Count['data']).seq).toBe(e.streamVersion);
    const published = await consumeAll(kafka, topic);
    expect(publicationViolations(published, stored)).toEqual([]);
    expect(published.length).toBe(8000);
    expect(conflicts).toBeGreaterThan(0); // the scenario really had competing writers
    const publishedAfter = (await (register.getSingleMetric('credit_relay_published_total') as Counter).get()).values[0].value;
    expect(publishedAfter - publishedBefore).toBe(8000);
    expect(await relay.pending()).toEqual({ count: 0, oldestAgeSeconds: 0 });
  });

  it('catches a checkpoint relay skipping a late commit, which the outbox relay publishes', async () => {
    await fx.dataSource.query('TRUNCATE outbox, events, streams');
    const naiveTopic = await createTopic(kafka, 'es-naive', 3);
    const relayTopic = await createTopic(kafka, 'es-outbox', 3);
    const naivePublisher = await new TopicPublisher(kafka, naiveTopic).connect();
    const relayPublisher = await new TopicPublisher(kafka, relayTopic).connect();
    const naive = new CheckpointRelay(fx.dataSource, naivePublisher);
    const relay = new OutboxRelay(fx.dataSource, relayPublisher);

    // A appends (position p) and stays open; B, about another subject, appends (p + 1) and commits.
    let appendedA!: () => void;
    let commitA!: () => void;
    const aHasAppended = new Promise<void>((r) => (appendedA = r));
    const aMayCommit = new Promise<void>((r) => (commitA = r));
    const transactionA = fx.store.transaction(async (tx) => {
      const result = await tx.append('penalty-subject-a', 0, [testEvent('91450100AAAAAAAA1A')]);
      appendedA();
      await aMayCommit;
      return result;
    });
    await aHasAppended;
    const b = await fx.store.transaction((tx) => tx.append('penalty-subject-b', 0, [testEvent('91450100BBBBBBBB2B')]));

    expect(await naive.drainOnce()).toBe(1);
    expect(await relay.drainOnce()).toBe(1);
    commitA();
    const a = await transactionA;
    expect(BigInt(a.events[0].globalPosition)).toBeLessThan(BigInt(b.events[0].globalPosition));
    await naive.drainOnce();
    await relay.drainOnce();
    await relay.stop();
    await Promise.all([naivePublisher.disconnect(), relayPublisher.disconnect()]);

    const stored = await readAllEvents(fx.store);
    expect(stored.map((e) => e.id)).toEqual([a.events[0].id, b.events[0].id]);
    const naiveViolations = publicationViolations(await consumeAll(kafka, naiveTopic), stored);
    expect(naiveViolations).toEqual([expect.stringMatching(new RegExp(`^missing: event ${a.events[0].id}`))]);
    expect(publicationViolations(await consumeAll(kafka, relayTopic), stored)).toEqual([]);
  });
});

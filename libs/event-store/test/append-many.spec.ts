import type { Kafka } from 'kafkajs';
import { OutboxRelay, WrongExpectedVersionError, handleCommand, handleCommands, type Decider } from '../src';
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

type Count = { type: 'test.counted'; data: { seq: number; writer: number; pad: string } };
/** Each event carries the stream version its writer expected it to get: a lost update shows as a mismatch. */
const counter: Decider<{ writer: number; events: number }, Count, number> = {
  initialState: () => 0,
  decide: ({ writer, events }, count) =>
    Array.from({ length: events }, (_, i) => ({ type: 'test.counted' as const, data: { seq: count + i + 1, writer, pad: 'p'.repeat(200) } })),
  evolve: (count) => count + 1,
};

describe('event store: appending to many streams in one call (PostgreSQL)', () => {
  let fx: StoreFixture;

  beforeAll(async () => {
    fx = await openStore('es_append_many', 14);
  });
  afterAll(async () => fx?.close());

  const versionsOf = async (stream: string): Promise<number[]> => (await fx.store.readStream(stream)).map((e) => e.streamVersion);
  const outboxed = async (streams: string[]): Promise<number> =>
    (
      await fx.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox o JOIN events e USING (global_position) WHERE e.stream_id = ANY($1)`,
        [streams],
      )
    )[0].n;

  it('appends to new and existing streams with their expected versions, positions in the order given, each event queued', async () => {
    await fx.store.transaction((tx) => tx.append('penalty-m-existing', 0, [testEvent('M1'), testEvent('M1')]));
    await fx.store.transaction((tx) => tx.append('catalog-m-any', 'any', [testEvent(null)]));
    const results = await fx.store.transaction((tx) =>
      tx.appendMany([
        { stream: 'penalty-m-new-1', expected: 0, events: [testEvent('M2', { a: 1 }), testEvent('M2', { a: 2 })] },
        { stream: 'penalty-m-existing', expected: 2, events: [testEvent('M1', { b: 1 })] },
        { stream: 'catalog-m-any', expected: 'any', events: [testEvent(null, { c: 1 })] },
        { stream: 'penalty-m-new-2', expected: 0, events: [testEvent('M3', { d: 1 })] },
      ]),
    );
    expect(results.map((r) => [r.nextExpectedVersion, r.events.map((e) => [e.stream, e.streamVersion, e.data])])).toEqual([
      [2, [['penalty-m-new-1', 1, { a: 1 }], ['penalty-m-new-1', 2, { a: 2 }]]],
      [3, [['penalty-m-existing', 3, { b: 1 }]]],
      [2, [['catalog-m-any', 2, { c: 1 }]]],
      [1, [['penalty-m-new-2', 1, { d: 1 }]]],
    ]);
    const positions = results.flatMap((r) => r.events.map((e) => BigInt(e.globalPosition)));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
    // What appendMany returns is what is stored and read back.
    expect(await fx.store.readStream('penalty-m-new-1')).toEqual(results[0].events);
    expect(await fx.store.readStream('penalty-m-existing', 3)).toEqual(results[1].events);
    expect(await versionsOf('catalog-m-any')).toEqual([1, 2]);
    expect(await outboxed(['penalty-m-new-1', 'penalty-m-new-2'])).toBe(3);
    const [stream] = await fx.dataSource.query(`SELECT version, subject_key FROM streams WHERE stream_id = 'penalty-m-new-1'`);
    expect(stream).toEqual({ version: 2, subject_key: 'M2' });
  });

  it('writes nothing when one stream is stale, names the first stale stream, and leaves the transaction usable', async () => {
    await fx.store.transaction((tx) => tx.append('penalty-m-stale', 0, [testEvent('M4')]));
    const fresh = ['penalty-m-ok-1', 'penalty-m-ok-2'];
    await fx.store.transaction(async (tx) => {
      await expect(
        tx.appendMany([
          { stream: fresh[0], expected: 0, events: [testEvent('M5')] },
          { stream: 'penalty-m-stale', expected: 0, events: [testEvent('M4')] },
          { stream: 'penalty-m-missing', expected: 4, events: [testEvent('M4')] },
          { stream: fresh[1], expected: 'any', events: [testEvent('M6')] },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedVersionError', stream: 'penalty-m-stale', expected: 0, actual: 1 });
      // The same transaction goes on and commits something else.
      await tx.append('penalty-m-after', 0, [testEvent('M5')]);
    });
    for (const stream of fresh) expect(await fx.store.readStream(stream)).toEqual([]);
    expect(await fx.dataSource.query(`SELECT 1 FROM streams WHERE stream_id = ANY($1)`, [fresh])).toEqual([]);
    expect(await outboxed(fresh)).toBe(0);
    expect(await versionsOf('penalty-m-stale')).toEqual([1]);
    expect(await versionsOf('penalty-m-after')).toEqual([1]);
  });

  it('checks the version of a stream without events, and refuses bad arguments before writing', async () => {
    await fx.store.transaction((tx) => tx.append('penalty-m-check', 0, [testEvent('M7')]));
    const ok = await fx.store.transaction((tx) =>
      tx.appendMany([
        { stream: 'penalty-m-check', expected: 1, events: [] },
        { stream: 'penalty-m-check-new', expected: 0, events: [testEvent('M7')] },
      ]),
    );
    expect(ok.map((r) => r.nextExpectedVersion)).toEqual([1, 1]);
    await expect(
      fx.store.transaction((tx) =>
        tx.appendMany([
          { stream: 'penalty-m-check-new-2', expected: 0, events: [testEvent('M7')] },
          { stream: 'penalty-m-check', expected: 0, events: [] },
        ]),
      ),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await fx.store.readStream('penalty-m-check-new-2')).toEqual([]);

    const many = (appends: never[]) => fx.store.transaction((tx) => tx.appendMany(appends));
    const twice = { stream: 'penalty-m-twice', expected: 0, events: [testEvent('M8')] };
    await expect(many([twice, twice] as never[])).rejects.toThrow(/more than once/);
    await expect(many([{ stream: '', expected: 0, events: [testEvent('M8')] }] as never[])).rejects.toThrow(/stream/);
    await expect(many([{ stream: 'penalty-m-bad', expected: -1, events: [testEvent('M8')] }] as never[])).rejects.toThrow(/expected version/);
    await expect(many([{ stream: 'penalty-m-bad', expected: 0, events: [{ ...testEvent('M8'), correlationId: '' }] }] as never[])).rejects.toThrow(
      /correlationId/,
    );
    expect(await fx.store.readStream('penalty-m-twice')).toEqual([]);
    expect(await fx.store.readStream('penalty-m-bad')).toEqual([]);
    await expect(fx.store.transaction((tx) => tx.appendMany([]))).resolves.toEqual([]);
  });

  it('lets exactly one of 8 concurrent batches creating the same stream win; the losers write none of their other streams', async () => {
    const shared = 'penalty-m-contended';
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, writer) =>
        fx.store.transaction((tx) =>
          tx.appendMany([
            { stream: `penalty-m-own-${writer}`, expected: 0, events: [testEvent(`MW${writer}`)] },
            { stream: shared, expected: 0, events: [testEvent('MS', { writer })] },
          ]),
        ),
      ),
    );
    const won = outcomes.flatMap((o, writer) => (o.status === 'fulfilled' ? [writer] : []));
    expect(won).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ name: 'WrongExpectedVersionError', stream: shared, actual: 1 });
    }
    expect(await versionsOf(shared)).toEqual([1]);
    const [event] = await fx.store.readStream(shared);
    expect(event.data).toEqual({ writer: won[0] });
    for (let writer = 0; writer < 8; writer++) {
      expect(await versionsOf(`penalty-m-own-${writer}`)).toEqual(writer === won[0] ? [1] : []);
    }
  });

  it('handleCommands reads every stream in one go and appends with the versions read, refusing a lost update', async () => {
    const meta = { subjectKey: 'M9', correlationId: 'batch-1', actor: { departmentCode: 'system' } };
    const first = await fx.store.transaction((tx) =>
      handleCommands(tx, counter, [
        { stream: 'counter-m-1', command: { writer: 1, events: 2 }, meta },
        { stream: 'counter-m-2', command: { writer: 1, events: 1 }, meta },
      ]),
    );
    expect(first.map((r) => [r.stream, r.newState, r.events.map((e) => e.streamVersion)])).toEqual([
      ['counter-m-1', 2, [1, 2]],
      ['counter-m-2', 1, [1]],
    ]);
    const second = await fx.store.transaction((tx) =>
      handleCommands(tx, counter, [
        { stream: 'counter-m-2', command: { writer: 2, events: 1 }, meta },
        { stream: 'counter-m-1', command: { writer: 2, events: 1 }, meta },
      ]),
    );
    expect(second.map((r) => r.events.map((e) => (e.data as Count['data']).seq))).toEqual([[2], [3]]);

    // A writer that read counter-m-1 before another appended to it loses, and writes nothing.
    let readDone!: () => void;
    let mayAppend!: () => void;
    const hasRead = new Promise<void>((r) => (readDone = r));
    const appendGate = new Promise<void>((r) => (mayAppend = r));
    const slow = fx.store.transaction(async (tx) => {
      const gated = {
        ...tx,
        readStreams: async (streams: string[]) => {
          const read = await tx.readStreams(streams);
          readDone();
          await appendGate;
          return read;
        },
      };
      return handleCommands(gated, counter, [
        { stream: 'counter-m-3', command: { writer: 3, events: 1 }, meta },
        { stream: 'counter-m-1', command: { writer: 3, events: 1 }, meta },
      ]);
    });
    await hasRead;
    await fx.store.transaction((tx) => handleCommand(tx, 'counter-m-1', counter, { writer: 4, events: 1 }, meta));
    mayAppend();
    await expect(slow).rejects.toMatchObject({ name: 'WrongExpectedVersionError', stream: 'counter-m-1', expected: 3, actual: 4 });
    expect(await versionsOf('counter-m-3')).toEqual([]);
    expect((await fx.store.readStream('counter-m-1')).map((e) => (e.data as Count['data']).seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('event store: batched and single appends together keep commit order per subject (PostgreSQL + Kafka)', () => {
  let fx: StoreFixture;
  let kafka: Kafka;

  beforeAll(async () => {
    fx = await openStore('es_append_many_order', 14);
    kafka = testKafka();
  });
  afterAll(async () => fx?.close());

  it('publishes every event of 4 batch writers and 4 single writers exactly once, each subject in commit order', async () => {
    const topic = await createTopic(kafka, 'es-many-order', 3);
    const publisher = await new TopicPublisher(kafka, topic).connect();
    const relay = new OutboxRelay(fx.dataSource, publisher, { batchSize: 300, pollIntervalMs: 10 });
    const subjects: (string | null)[] = ['91450100AAAAAAAA1A', '91450100BBBBBBBB2B', '91450100CCCCCCCC3C', 'hmac:4d7e', null];
    const streams = subjects.flatMap((subject, s) => Array.from({ length: 6 }, (_, i) => ({ stream: `counter-${s}-${i}`, subject })));
    await relay.start();

    let conflicts = 0;
    const meta = (subject: string | null, writer: number) => ({ subjectKey: subject, correlationId: `writer-${writer}`, actor: { departmentCode: 'system' } });
    const singleWriter = async (id: number): Promise<void> => {
      for (let written = 0, n = 0; written < 500; ) {
        const { stream, subject } = streams[(id * 7 + n++ * 13) % streams.length];
        const events = Math.min(500 - written, 1 + ((id + n) % 3));
        try {
          await fx.store.transaction((tx) => handleCommand(tx, stream, counter, { writer: id, events }, meta(subject, id)));
          written += events;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          conflicts++;
        }
      }
    };
    const batchWriter = async (id: number): Promise<void> => {
      for (let written = 0, n = 0; written < 500; n++) {
        // 4 to 8 distinct streams of several subjects per batch, 1 or 2 events each.
        const picked = [...new Set(Array.from({ length: 4 + ((id + n) % 5) }, (_, k) => streams[(id * 5 + n * 11 + k * 7) % streams.length]))];
        const commands = picked.map(({ stream, subject }, k) => ({ stream, command: { writer: id, events: 1 + ((n + k) % 2) }, meta: meta(subject, id) }));
        try {
          const results = await fx.store.transaction((tx) => handleCommands(tx, counter, commands));
          written += results.reduce((sum, r) => sum + r.events.length, 0);
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          conflicts++;
        }
      }
    };
    await Promise.all([...[0, 1, 2, 3].map(singleWriter), ...[4, 5, 6, 7].map(batchWriter)]);

    await eventually(async () => (await relay.pending()).count === 0, 'the outbox to drain', 60_000);
    await relay.stop();
    await publisher.disconnect();

    const stored = await readAllEvents(fx.store);
    expect(stored.length).toBeGreaterThanOrEqual(4000);
    for (const e of stored) expect((e.data as Count['data']).seq).toBe(e.streamVersion);
    const published = await consumeAll(kafka, topic);
    expect(publicationViolations(published, stored)).toEqual([]);
    expect(published.length).toBe(stored.length);
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);
});

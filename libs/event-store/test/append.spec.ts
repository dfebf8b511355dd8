import {
  WrongExpectedVersionError,
  handleCommand,
  type Decider,
  type EventStoreTransaction,
  type StoredEvent,
} from '../src';
import { afterCommitOf, onAppendCommitted } from '../src/commit-signal';
import { openStore, readAllEvents, testEvent, type StoreFixture } from './support/harness';

describe('event store: appending and reading streams (PostgreSQL)', () => {
  let fx: StoreFixture;

  beforeAll(async () => {
    fx = await openStore('es_append');
    await fx.dataSource.query('CREATE TABLE penalty_view (penalty_id text PRIMARY KEY, status text NOT NULL)');
  });
  afterAll(async () => fx?.close());

  const versionsOf = async (stream: string): Promise<number[]> =>
    (await fx.store.readStream(stream)).map((e) => e.streamVersion);

  describe('optimistic concurrency', () => {
    it('lets exactly one of 10 concurrent writers with the same expected version win; the stream stays gap-free', async () => {
      const stream = 'penalty-concurrent';
      await fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S1'), testEvent('S1')]));

      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, writer) =>
          fx.store.transaction((tx) => tx.append(stream, 2, [testEvent('S1', { writer }), testEvent('S1', { writer })])),
        ),
      );

      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const { reason } of lost) {
        expect(reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(reason).toMatchObject({ stream, expected: 2, actual: 4 });
      }
      expect(await versionsOf(stream)).toEqual([1, 2, 3, 4]);
      const winner = (won[0] as PromiseFulfilledResult<{ nextExpectedVersion: number }>).value;
      expect(winner.nextExpectedVersion).toBe(4);
      // Both events of the winning append come from the same writer: no interleaving.
      const appended = (await fx.store.readStream(stream, 3)).map((e) => (e.data as { writer: number }).writer);
      expect(new Set(appended).size).toBe(1);
    });

    it('lets exactly one of 10 concurrent creators of a new stream win', async () => {
      const stream = 'list-entry-new';
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S2')]))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(o.reason).toMatchObject({ name: 'WrongExpectedVersionError', expected: 0, actual: 1 });
      }
      expect(await versionsOf(stream)).toEqual([1]);
    });

    it('refuses a stale expected version and an expected version ahead of the stream, writing nothing', async () => {
      const stream = 'penalty-stale';
      await fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S3')]));
      await expect(fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S3')]))).rejects.toMatchObject({
        expected: 0,
        actual: 1,
      });
      await expect(fx.store.transaction((tx) => tx.append(stream, 5, [testEvent('S3')]))).rejects.toMatchObject({
        expected: 5,
        actual: 1,
      });
      await expect(fx.store.transaction((tx) => tx.append('penalty-never-written', 3, [testEvent('S3')]))).rejects.toMatchObject(
        { actual: 0 },
      );
      expect(await versionsOf(stream)).toEqual([1]);
      expect(await fx.store.readStream('penalty-never-written')).toEqual([]);
    });

    it("appends at the stream's end with 'any', concurrently, without losing or duplicating a version", async () => {
      const stream = 'catalog-any';
      await Promise.all(
        Array.from({ length: 8 }, () => fx.store.transaction((tx) => tx.append(stream, 'any', [testEvent(null), testEvent(null)]))),
      );
      expect(await versionsOf(stream)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    });

    it('checks the expected version of an empty append without writing', async () => {
      const stream = 'penalty-empty-append';
      await fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S4')]));
      await expect(fx.store.transaction((tx) => tx.append(stream, 1, []))).resolves.toEqual({ nextExpectedVersion: 1, events: [] });
      await expect(fx.store.transaction((tx) => tx.append(stream, 0, []))).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });

    it('keeps the transaction usable after a refused append, so the caller decides what to commit', async () => {
      const stream = 'penalty-usable';
      await fx.store.transaction((tx) => tx.append(stream, 0, [testEvent('S5')]));
      await fx.store.transaction(async (tx) => {
        await expect(tx.append(stream, 0, [testEvent('S5')])).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await tx.append(stream, 1, [testEvent('S5')]);
      });
      expect(await versionsOf(stream)).toEqual([1, 2]);
    });
  });

  describe('projections in the same transaction', () => {
    const projectionRow = async (penaltyId: string): Promise<unknown[]> =>
      fx.dataSource.query('SELECT status FROM penalty_view WHERE penalty_id = $1', [penaltyId]);

    it('commits a projection row written through tx.manager together with the events', async () => {
      await fx.store.transaction(async (tx) => {
        await tx.append('penalty-p1', 0, [testEvent('S6')]);
        await tx.manager.query(`INSERT INTO penalty_view VALUES ('p1', 'PUBLISHED')`);
      });
      expect(await projectionRow('p1')).toEqual([{ status: 'PUBLISHED' }]);
      expect(await versionsOf('penalty-p1')).toEqual([1]);
    });

    it('rolls back both the projection row and the events when the unit of work throws after both', async () => {
      await expect(
        fx.store.transaction(async (tx) => {
          await tx.manager.query(`INSERT INTO penalty_view VALUES ('p2', 'PUBLISHED')`);
          await tx.append('penalty-p2', 0, [testEvent('S6')]);
          throw new Error('publicity window rule violated');
        }),
      ).rejects.toThrow('publicity window rule violated');
      expect(await projectionRow('p2')).toEqual([]);
      expect(await fx.store.readStream('penalty-p2')).toEqual([]);
      expect(await fx.dataSource.query(`SELECT 1 FROM streams WHERE stream_id = 'penalty-p2'`)).toEqual([]);
      // Nothing was queued for Kafka either.
      expect(
        await fx.dataSource.query(
          `SELECT 1 FROM outbox o JOIN events e USING (global_position) WHERE e.stream_id = 'penalty-p2'`,
        ),
      ).toEqual([]);
    });

    it('joins a transaction opened elsewhere with within(), and rolls back with it', async () => {
      const runner = fx.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const tx = fx.store.within(runner.manager);
        await tx.append('penalty-p3', 0, [testEvent('S6')]);
        await tx.manager.query(`INSERT INTO penalty_view VALUES ('p3', 'WITHDRAWN')`);
        expect(await tx.readStream('penalty-p3')).toHaveLength(1); // its own uncommitted write
        expect(await fx.store.readStream('penalty-p3')).toEqual([]); // invisible to others until commit
        await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
      expect(await fx.store.readStream('penalty-p3')).toEqual([]);
      expect(await projectionRow('p3')).toEqual([]);
    });

    it('signals the relay once a transaction opened elsewhere commits its appends, and not on a rollback', async () => {
      let signals = 0;
      const unsubscribe = onAppendCommitted(fx.dataSource, () => signals++);
      const inTransaction = async (work: (tx: EventStoreTransaction) => Promise<unknown>, end: 'commit' | 'rollback') => {
        const runner = fx.dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          await work(fx.store.within(runner.manager));
          if (end === 'commit') await runner.commitTransaction();
          else await runner.rollbackTransaction();
        } finally {
          await runner.release();
        }
      };
      try {
        await inTransaction((tx) => tx.append('penalty-p4', 0, [testEvent('S7')]), 'rollback');
        expect(signals).toBe(0);
        await inTransaction((tx) => tx.manager.query('SELECT 1'), 'commit'); // nothing appended
        expect(signals).toBe(0);
        await inTransaction(async (tx) => {
          await tx.append('penalty-p4', 0, [testEvent('S7')]);
          expect(signals).toBe(0); // not before the commit
        }, 'commit');
        expect(signals).toBe(1);
      } finally {
        unsubscribe();
      }
    });

    it('runs an after-commit callback once per transaction, after its commit, and drops it on a rollback', async () => {
      const calls: string[] = [];
      const inTransaction = async (end: 'commit' | 'rollback', register: (runner: import('typeorm').QueryRunner) => void) => {
        const runner = fx.dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          register(runner);
          expect(calls).toEqual([]); // never before the transaction ends
          if (end === 'commit') await runner.commitTransaction();
          else await runner.rollbackTransaction();
        } finally {
          await runner.release();
        }
      };
      const wake = () => calls.push('wake');
      await inTransaction('rollback', (runner) => afterCommitOf(fx.dataSource, runner, wake));
      expect(calls).toEqual([]);
      // Registered twice in one transaction (two handlers scheduling work), it runs once.
      await inTransaction('commit', (runner) => {
        afterCommitOf(fx.dataSource, runner, wake);
        afterCommitOf(fx.dataSource, runner, wake);
      });
      expect(calls).toEqual(['wake']);
      // The runner's next transaction starts with nothing registered.
      const runner = fx.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      expect(calls).toEqual(['wake']);
    });

    it('refuses within() on a manager without an open transaction', async () => {
      expect(() => fx.store.within(fx.dataSource.manager)).toThrow(/open transaction/);
      const runner = fx.dataSource.createQueryRunner();
      try {
        expect(() => fx.store.within(runner.manager)).toThrow(/open transaction/);
      } finally {
        await runner.release();
      }
    });
  });

  describe('what is stored', () => {
    it('stores the envelope as given, numbers a multi-event append in order, and reads it back identically', async () => {
      const occurredAt = '2024-03-01T09:30:00.123+08:00';
      const id = '0190f1a2-3b4c-7d5e-8f60-718293a4b5c6';
      const { events, nextExpectedVersion } = await fx.store.transaction((tx) =>
        tx.append('penalty-envelope', 0, [
          { ...testEvent('91450100MA5KXXXX1X', { amount: 5000 }), id, occurredAt, version: 2, causationId: 'cmd-1' },
          testEvent('91450100MA5KXXXX1X', { second: true }),
          testEvent('91450100MA5KXXXX1X', { third: true }),
        ]),
      );
      expect(nextExpectedVersion).toBe(3);
      expect(events[0]).toMatchObject({
        id,
        type: 'test.fact-recorded',
        version: 2,
        stream: 'penalty-envelope',
        streamVersion: 1,
        subjectKey: '91450100MA5KXXXX1X',
        occurredAt: '2024-03-01T01:30:00.123Z',
        correlationId: 'corr-test',
        causationId: 'cmd-1',
        actor: { departmentCode: '11450100MB0000000X', user: 'tester' },
        data: { amount: 5000 },
      });
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      const positions = events.map((e) => BigInt(e.globalPosition));
      expect(positions[0] < positions[1] && positions[1] < positions[2]).toBe(true);
      expect(events[1].occurredAt).toBe(events[1].recordedAt); // defaults to the recording time
      expect(events[1].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(events[1].causationId).toBeNull();
      expect(await fx.store.readStream('penalty-envelope')).toEqual(events);
      expect(await fx.store.readStream('penalty-envelope', 2)).toEqual(events.slice(1));
    });

    it('refuses a duplicate event id, malformed events and bad arguments before writing', async () => {
      const id = '0190f1a2-3b4c-7d5e-8f60-000000000001';
      await fx.store.transaction((tx) => tx.append('penalty-dup-1', 0, [{ ...testEvent('S7'), id }]));
      await expect(fx.store.transaction((tx) => tx.append('penalty-dup-2', 0, [{ ...testEvent('S7'), id }]))).rejects.toThrow(
        /event_id/,
      );
      const append = (stream: string, expected: number | 'any', event: object) =>
        fx.store.transaction((tx) => tx.append(stream, expected, [event as never]));
      await expect(append('penalty-bad', 0, { ...testEvent('S7'), subjectKey: undefined })).rejects.toThrow(/subjectKey/);
      await expect(append('penalty-bad', 0, { ...testEvent('S7'), correlationId: '' })).rejects.toThrow(/correlationId/);
      await expect(append('penalty-bad', 0, { ...testEvent('S7'), actor: {} })).rejects.toThrow(/departmentCode/);
      await expect(append('penalty-bad', 0, { ...testEvent('S7'), type: '' })).rejects.toThrow(/type/);
      await expect(append('penalty-bad', -1, testEvent('S7'))).rejects.toThrow(/expected version/);
      await expect(append('', 0, testEvent('S7'))).rejects.toThrow(/stream/);
      expect(await fx.store.readStream('penalty-dup-2')).toEqual([]);
      expect(await fx.store.readStream('penalty-bad')).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('reads the whole store in position order, in batches, from a position, as one snapshot', async () => {
      const all = await readAllEvents(fx.store);
      expect(all.length).toBeGreaterThan(20);
      const positions = all.map((e) => BigInt(e.globalPosition));
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);

      const small: StoredEvent[] = [];
      for await (const e of fx.store.readAll({ batchSize: 3 })) small.push(e);
      expect(small).toEqual(all);

      const tail: StoredEvent[] = [];
      for await (const e of fx.store.readAll({ afterPosition: all[9].globalPosition, batchSize: 4 })) tail.push(e);
      expect(tail).toEqual(all.slice(10));

      // Events committed while an iteration runs are not mixed into it.
      const seen: StoredEvent[] = [];
      for await (const e of fx.store.readAll({ batchSize: 5 })) {
        if (seen.length === 0) await fx.store.transaction((tx) => tx.append('penalty-during-read', 0, [testEvent('S8')]));
        seen.push(e);
      }
      expect(seen).toEqual(all);
      expect(await fx.store.readStream('penalty-during-read')).toHaveLength(1);
    });

    it('gives its connection back when the reader stops early', async () => {
      for (let i = 0; i < 30; i++) {
        for await (const _ of fx.store.readAll({ batchSize: 2 })) break;
      }
      // The pool has 12 connections: 30 leaked iterations would hang here.
      await expect(fx.store.readStream('penalty-p1')).resolves.toHaveLength(1);
    });
  });

  describe('transaction retries', () => {
    it('runs the unit of work again when PostgreSQL aborts it for a deadlock', async () => {
      // Two units of work append to the same two subjects in opposite order, each waiting for the
      // other to hold its first subject lock: PostgreSQL kills one; it must be retried and succeed.
      let attempts = 0;
      let arrived = 0;
      let release!: () => void;
      const bothHoldFirstLock = new Promise<void>((resolve) => (release = resolve));
      const unit = (first: string, second: string) => async (tx: EventStoreTransaction) => {
        attempts++;
        await tx.append(`commitment-${first}-${second}-a`, 'any', [testEvent(first)]);
        if (++arrived === 2) release();
        await bothHoldFirstLock;
        await tx.append(`commitment-${first}-${second}-b`, 'any', [testEvent(second)]);
      };
      await Promise.all([fx.store.transaction(unit('DX', 'DY')), fx.store.transaction(unit('DY', 'DX'))]);
      expect(attempts).toBe(3);
      for (const stream of ['commitment-DX-DY-a', 'commitment-DX-DY-b', 'commitment-DY-DX-a', 'commitment-DY-DX-b']) {
        expect(await versionsOf(stream)).toEqual([1]);
      }
    });

    it('does not retry a WrongExpectedVersionError or a domain error', async () => {
      let attempts = 0;
      await expect(
        fx.store.transaction(async (tx) => {
          attempts++;
          await tx.append('penalty-p1', 0, [testEvent('S6')]);
        }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(attempts).toBe(1);
    });
  });

  describe('handleCommand', () => {
    type Command = { kind: 'publish'; amount: number } | { kind: 'withdraw'; reason: string };
    type Event =
      | { type: 'test.penalty-published'; data: { amount: number } }
      | { type: 'test.penalty-withdrawn'; data: { reason: string } };
    type State = { status: 'NONE' | 'PUBLISHED' | 'WITHDRAWN'; events: number };
    const penalty: Decider<Command, Event, State> = {
      initialState: () => ({ status: 'NONE', events: 0 }),
      decide(command, state) {
        if (command.kind === 'publish') {
          if (state.status !== 'NONE') throw new Error('already published');
          return [{ type: 'test.penalty-published', data: { amount: command.amount } }];
        }
        if (state.status === 'WITHDRAWN') return []; // idempotent
        if (state.status !== 'PUBLISHED') throw new Error('not published');
        return [{ type: 'test.penalty-withdrawn', data: { reason: command.reason } }];
      },
      evolve: (state, event) => ({
        status: event.type === 'test.penalty-published' ? 'PUBLISHED' : 'WITHDRAWN',
        events: state.events + 1,
      }),
    };
    const meta = { subjectKey: '91450100MA5KYYYY2Y', correlationId: 'repair-1', actor: { departmentCode: 'system' } };

    it('folds the stream, decides and appends with the version it read', async () => {
      const stream = 'penalty-hc';
      const first = await fx.store.transaction((tx) => handleCommand(tx, stream, penalty, { kind: 'publish', amount: 100 }, meta));
      expect(first.newState).toEqual({ status: 'PUBLISHED', events: 1 });
      const second = await fx.store.transaction((tx) =>
        handleCommand(tx, stream, penalty, { kind: 'withdraw', reason: 'repair' }, { ...meta, causationId: 'evt-9' }),
      );
      expect(second.newState).toEqual({ status: 'WITHDRAWN', events: 2 });
      expect(second.events).toHaveLength(1);
      expect(second.events[0]).toMatchObject({
        type: 'test.penalty-withdrawn',
        streamVersion: 2,
        subjectKey: meta.subjectKey,
        correlationId: 'repair-1',
        causationId: 'evt-9',
      });
      const again = await fx.store.transaction((tx) => handleCommand(tx, stream, penalty, { kind: 'withdraw', reason: 'repair' }, meta));
      expect(again).toEqual({ newState: { status: 'WITHDRAWN', events: 2 }, events: [] });
      await expect(
        fx.store.transaction((tx) => handleCommand(tx, stream, penalty, { kind: 'publish', amount: 1 }, meta)),
      ).rejects.toThrow('already published');
      expect(await versionsOf(stream)).toEqual([1, 2]);
    });

    it('never loses an update: of two concurrent commands on one stream, the second is refused', async () => {
      const stream = 'penalty-hc-race';
      await fx.store.transaction((tx) => handleCommand(tx, stream, penalty, { kind: 'publish', amount: 100 }, meta));
      // Both commands read the stream before either appends (a barrier, not timing): both decide on version 1.
      let reads = 0;
      let bothRead!: () => void;
      const barrier = new Promise<void>((resolve) => (bothRead = resolve));
      const racing = (tx: EventStoreTransaction): EventStoreTransaction =>
        new Proxy(tx, {
          get(target, property, receiver) {
            if (property === 'readStream') {
              return async (...args: Parameters<EventStoreTransaction['readStream']>) => {
                const history = await target.readStream(...args);
                if (++reads === 2) bothRead();
                await barrier;
                return history;
              };
            }
            const value = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      const outcomes = await Promise.allSettled(
        ['repair', 'objection upheld'].map((reason) =>
          fx.store.transaction((tx) => handleCommand(racing(tx), stream, penalty, { kind: 'withdraw', reason }, meta)),
        ),
      );
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await versionsOf(stream)).toEqual([1, 2]);
    });
  });
});

import type { EntityManager } from 'typeorm';
import { handleCommand, handleCommands, type Decider } from './decider';
import { WrongExpectedVersionError } from './errors';
import type { EventStoreTransaction, ExpectedVersion, NewEvent, StoredEvent, StreamAppend } from './types';

/** The store's contract held in memory: enough to pin down what handleCommand reads and appends. */
class InMemoryTransaction implements EventStoreTransaction {
  readonly manager = {} as EntityManager;
  readonly appends: { stream: string; expected: ExpectedVersion; events: NewEvent[] }[] = [];
  constructor(private readonly streams: Map<string, StoredEvent[]> = new Map()) {}

  readonly manyAppends: StreamAppend[][] = [];

  async readStream(stream: string, fromVersion = 1): Promise<StoredEvent[]> {
    return (this.streams.get(stream) ?? []).filter((e) => e.streamVersion >= fromVersion);
  }

  async readStreams(streams: string[]): Promise<Map<string, StoredEvent[]>> {
    return new Map(streams.filter((s) => this.streams.has(s)).map((s) => [s, this.streams.get(s) ?? []]));
  }

  async appendMany(appends: StreamAppend[]) {
    for (const { stream, expected } of appends) {
      const actual = this.streams.get(stream)?.length ?? 0;
      if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersionError(stream, expected, actual);
    }
    this.manyAppends.push(appends);
    const results = [];
    for (const { stream, expected, events } of appends) results.push(await this.append(stream, expected, events));
    this.appends.splice(this.appends.length - appends.length, appends.length);
    return results;
  }

  async append(stream: string, expected: ExpectedVersion, events: NewEvent[]) {
    const existing = this.streams.get(stream) ?? [];
    if (expected !== 'any' && expected !== existing.length) throw new WrongExpectedVersionError(stream, expected, existing.length);
    this.appends.push({ stream, expected, events });
    const stored = events.map<StoredEvent>((e, i) => ({
      id: `id-${existing.length + i + 1}`,
      type: e.type,
      version: e.version ?? 1,
      stream,
      streamVersion: existing.length + i + 1,
      subjectKey: e.subjectKey,
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt: '2025-01-01T00:00:00.000Z',
      correlationId: e.correlationId,
      causationId: e.causationId ?? null,
      actor: e.actor,
      data: e.data,
      globalPosition: String(existing.length + i + 1),
    }));
    this.streams.set(stream, [...existing, ...stored]);
    return { nextExpectedVersion: existing.length + events.length, events: stored };
  }
}

type Event = { type: 'listed'; data: { list: string } } | { type: 'exited'; data: { reason: string }; version?: number };
type Command = { kind: 'list'; list: string } | { kind: 'exit'; reason: string };
type State = { listed: boolean; seen: string[] };

const listEntry: Decider<Command, Event, State> = {
  initialState: () => ({ listed: false, seen: [] }),
  decide(command, state) {
    if (command.kind === 'list') return state.listed ? [] : [{ type: 'listed', data: { list: command.list } }];
    if (!state.listed) throw new Error('not on a list');
    return [{ type: 'exited', data: { reason: command.reason }, version: 2 }];
  },
  evolve: (state, event) => ({ listed: event.type === 'listed', seen: [...state.seen, event.type] }),
};
const meta = { subjectKey: 'S1', correlationId: 'repair-7', actor: { departmentCode: 'system' } };

describe('handleCommand', () => {
  it('appends to a new stream with expected version 0 and returns the state after the new events', async () => {
    const tx = new InMemoryTransaction();
    const result = await handleCommand(tx, 'list-entry-1', listEntry, { kind: 'list', list: 'black' }, meta);
    expect(tx.appends).toEqual([
      {
        stream: 'list-entry-1',
        expected: 0,
        events: [
          {
            type: 'listed',
            version: undefined,
            data: { list: 'black' },
            subjectKey: 'S1',
            correlationId: 'repair-7',
            causationId: null,
            actor: { departmentCode: 'system' },
          },
        ],
      },
    ]);
    expect(result.newState).toEqual({ listed: true, seen: ['listed'] });
    expect(result.events.map((e) => e.streamVersion)).toEqual([1]);
  });

  it('folds the history, expects its last version, and passes a schema version the event carries', async () => {
    const tx = new InMemoryTransaction();
    await handleCommand(tx, 'list-entry-2', listEntry, { kind: 'list', list: 'black' }, meta);
    const result = await handleCommand(tx, 'list-entry-2', listEntry, { kind: 'exit', reason: 'repair' }, { ...meta, causationId: 'e-1' });
    expect(tx.appends[1]).toMatchObject({ expected: 1, events: [{ type: 'exited', version: 2, causationId: 'e-1' }] });
    expect(result.newState).toEqual({ listed: false, seen: ['listed', 'exited'] });
  });

  it('appends nothing when the decider decides nothing', async () => {
    const tx = new InMemoryTransaction();
    await handleCommand(tx, 'list-entry-3', listEntry, { kind: 'list', list: 'red' }, meta);
    const result = await handleCommand(tx, 'list-entry-3', listEntry, { kind: 'list', list: 'red' }, meta);
    expect(tx.appends).toHaveLength(1);
    expect(result).toEqual({ newState: { listed: true, seen: ['listed'] }, events: [] });
  });

  it('lets a domain error through without appending', async () => {
    const tx = new InMemoryTransaction();
    await expect(handleCommand(tx, 'list-entry-4', listEntry, { kind: 'exit', reason: 'x' }, meta)).rejects.toThrow('not on a list');
    expect(tx.appends).toEqual([]);
  });
});

describe('handleCommands', () => {
  it('decides each command on its own stream and appends them all in one appendMany with the versions read', async () => {
    const tx = new InMemoryTransaction();
    await handleCommand(tx, 'list-entry-10', listEntry, { kind: 'list', list: 'black' }, meta);
    const results = await handleCommands(tx, listEntry, [
      { stream: 'list-entry-10', command: { kind: 'exit', reason: 'repair' }, meta },
      { stream: 'list-entry-11', command: { kind: 'list', list: 'red' }, meta: { ...meta, subjectKey: 'S2' } },
      { stream: 'list-entry-12', command: { kind: 'list', list: 'black' }, meta },
    ]);
    expect(tx.manyAppends).toHaveLength(1);
    expect(tx.manyAppends[0].map((a) => [a.stream, a.expected, a.events.map((e) => [e.type, e.subjectKey])])).toEqual([
      ['list-entry-10', 1, [['exited', 'S1']]],
      ['list-entry-11', 0, [['listed', 'S2']]],
      ['list-entry-12', 0, [['listed', 'S1']]],
    ]);
    expect(results.map((r) => [r.stream, r.newState.listed, r.events.map((e) => e.streamVersion)])).toEqual([
      ['list-entry-10', false, [2]],
      ['list-entry-11', true, [1]],
      ['list-entry-12', true, [1]],
    ]);
  });

  it('leaves out the streams whose command decides nothing, and writes nothing when one command is refused', async () => {
    const tx = new InMemoryTransaction();
    await handleCommand(tx, 'list-entry-20', listEntry, { kind: 'list', list: 'red' }, meta);
    const results = await handleCommands(tx, listEntry, [
      { stream: 'list-entry-20', command: { kind: 'list', list: 'red' }, meta },
      { stream: 'list-entry-21', command: { kind: 'list', list: 'red' }, meta },
    ]);
    expect(tx.manyAppends[0].map((a) => a.stream)).toEqual(['list-entry-21']);
    expect(results[0]).toEqual({ stream: 'list-entry-20', newState: { listed: true, seen: ['listed'] }, events: [] });

    await expect(
      handleCommands(tx, listEntry, [
        { stream: 'list-entry-22', command: { kind: 'list', list: 'red' }, meta },
        { stream: 'list-entry-23', command: { kind: 'exit', reason: 'x' }, meta },
      ]),
    ).rejects.toThrow('not on a list');
    expect(tx.manyAppends).toHaveLength(1);
    expect(await tx.readStream('list-entry-22')).toEqual([]);
  });

  it('refuses the same stream twice and does nothing for no commands', async () => {
    const tx = new InMemoryTransaction();
    const twice = { stream: 'list-entry-30', command: { kind: 'list', list: 'red' } as Command, meta };
    await expect(handleCommands(tx, listEntry, [twice, twice])).rejects.toThrow(/more than once/);
    await expect(handleCommands(tx, listEntry, [])).resolves.toEqual([]);
    expect(tx.manyAppends).toEqual([]);
  });
});

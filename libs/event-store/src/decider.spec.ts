import type { EntityManager } from 'typeorm';
import { handleCommand, type Decider } from './decider';
import { WrongExpectedVersionError } from './errors';
import type { EventStoreTransaction, ExpectedVersion, NewEvent, StoredEvent } from './types';

/** The store's contract held in memory: enough to pin down what handleCommand reads and appends. */
class InMemoryTransaction implements EventStoreTransaction {
  readonly manager = {} as EntityManager;
  readonly appends: { stream: string; expected: ExpectedVersion; events: NewEvent[] }[] = [];
  constructor(private readonly streams: Map<string, StoredEvent[]> = new Map()) {}

  async readStream(stream: string, fromVersion = 1): Promise<StoredEvent[]> {
    return (this.streams.get(stream) ?? []).filter((e) => e.streamVersion >= fromVersion);
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

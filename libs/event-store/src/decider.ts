import type { Actor } from '@credit/contracts';
import type { EventStoreTransaction, NewEvent, StoredEvent } from './types';

/**
 * An aggregate's rules as pure functions (Emmett's decider): `decide` turns a command and the
 * current state into events (or throws a domain error), `evolve` folds an event into the state.
 * No I/O: a decider is tested with Given events / When command / Then events.
 */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** What every event of one command shares: who, about whom, and in which business flow. */
export interface CommandMeta {
  subjectKey: string | null;
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
}

/**
 * Reads the stream, folds it into the state, decides, and appends the decided events with the
 * version read as the expected version: if another writer appended in between, the append fails
 * with WrongExpectedVersionError and nothing is written (a lost update is impossible).
 *
 * `evolve` receives the stored events themselves (type and data, plus the envelope fields should
 * the decider's event type declare them), both for the history and for the new events, so state
 * is built the same way on every path. An event type may carry `version` to append a newer
 * schema version of its data.
 */
export async function handleCommand<C, E extends { type: string; data: unknown }, S>(
  tx: EventStoreTransaction,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  meta: CommandMeta,
): Promise<{ newState: S; events: StoredEvent[] }> {
  const history = await tx.readStream(stream);
  const state = history.reduce((s, event) => decider.evolve(s, event as unknown as E), decider.initialState());
  const decided = decider.decide(command, state);
  if (decided.length === 0) return { newState: state, events: [] };

  const expected = history.length === 0 ? 0 : history[history.length - 1].streamVersion;
  const { events } = await tx.append(stream, expected, toNewEvents(decided, meta));
  const newState = events.reduce((s, event) => decider.evolve(s, event as unknown as E), state);
  return { newState, events };
}

/** One command of a {@link handleCommands} call: on which stream, with which metadata. */
export interface StreamCommand<C> {
  stream: string;
  command: C;
  meta: CommandMeta;
}

/**
 * `handleCommand` for many streams of one aggregate type at once (bulk intake): one query reads
 * every stream, each command is decided on its own stream's state, and all the decided events are
 * appended in one `appendMany` with each stream's read version as its expected version. All or
 * nothing: a command the decider refuses throws before anything is written; a stream another
 * writer changed meanwhile fails the whole append with WrongExpectedVersionError. Each stream at
 * most once. Returns one result per command, in the order given.
 */
export async function handleCommands<C, E extends { type: string; data: unknown }, S>(
  tx: EventStoreTransaction,
  decider: Decider<C, E, S>,
  commands: StreamCommand<C>[],
): Promise<{ stream: string; newState: S; events: StoredEvent[] }[]> {
  if (commands.length === 0) return [];
  const streams = new Set<string>();
  for (const { stream } of commands) {
    if (streams.has(stream)) throw new Error(`handleCommands: stream ${stream} appears more than once`);
    streams.add(stream);
  }
  const histories = await tx.readStreams([...streams]);
  const decisions = commands.map(({ stream, command, meta }) => {
    const history = histories.get(stream) ?? [];
    const state = history.reduce((s, event) => decider.evolve(s, event as unknown as E), decider.initialState());
    const decided = decider.decide(command, state);
    const expected = history.length === 0 ? 0 : history[history.length - 1].streamVersion;
    return { stream, state, expected, events: toNewEvents(decided, meta) };
  });
  const appending = decisions.filter((d) => d.events.length > 0);
  const appended = await tx.appendMany(appending.map(({ stream, expected, events }) => ({ stream, expected, events })));
  const byStream = new Map(appending.map((d, i) => [d.stream, appended[i].events]));
  return decisions.map(({ stream, state }) => {
    const events = byStream.get(stream) ?? [];
    return { stream, newState: events.reduce((s, event) => decider.evolve(s, event as unknown as E), state), events };
  });
}

function toNewEvents(decided: { type: string; data: unknown }[], meta: CommandMeta): NewEvent[] {
  return decided.map((event) => ({
    type: event.type,
    version: schemaVersion(event),
    data: event.data,
    subjectKey: meta.subjectKey,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    actor: meta.actor,
  }));
}

function schemaVersion(event: { type: string; data: unknown }): number | undefined {
  const version = (event as { version?: unknown }).version;
  return typeof version === 'number' ? version : undefined;
}

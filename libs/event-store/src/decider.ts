import type { Actor } from '@credit/contracts';
import type { EventStoreTransaction, StoredEvent } from './types';

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
  const { events } = await tx.append(
    stream,
    expected,
    decided.map((event) => ({
      type: event.type,
      version: schemaVersion(event),
      data: event.data,
      subjectKey: meta.subjectKey,
      correlationId: meta.correlationId,
      causationId: meta.causationId ?? null,
      actor: meta.actor,
    })),
  );
  const newState = events.reduce((s, event) => decider.evolve(s, event as unknown as E), state);
  return { newState, events };
}

function schemaVersion(event: { type: string; data: unknown }): number | undefined {
  const version = (event as { version?: unknown }).version;
  return typeof version === 'number' ? version : undefined;
}

import type { Actor, EventEnvelope } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/**
 * What the writer believes the stream's version is: the number of events it has read from it
 * (0 = the stream must not exist yet), or `'any'` to append without a concurrency check (only
 * for streams with a single writer by construction, e.g. a catalog import).
 */
export type ExpectedVersion = number | 'any';

/** An event to append. Everything the envelope needs that the store cannot derive. */
export interface NewEvent<T = unknown> {
  /** `<service>.<event-name>`, e.g. `double-publicity.penalty-published`. */
  type: string;
  /** Schema version of `data` (default 1). */
  version?: number;
  data: T;
  /** The credit subject the event is about; null for reference data (catalogs, rules, ...). */
  subjectKey: string | null;
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
  /** When the fact happened in the domain (ISO 8601); defaults to the recording time. */
  occurredAt?: string;
  /** The event id (UUIDv7); defaults to a new one. Pass one only to make a retried command idempotent. */
  id?: string;
}

/** An event as stored: the published envelope plus its position in the whole store. */
export interface StoredEvent<T = unknown> extends EventEnvelope<T> {
  /** Position in the store (bigint as a decimal string). Per subject, the commit order. */
  globalPosition: string;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the expected version of the next append. */
  nextExpectedVersion: number;
  events: StoredEvent[];
}

/** One stream's part of an {@link EventStoreTransaction.appendMany}. */
export interface StreamAppend {
  stream: string;
  expected: ExpectedVersion;
  events: NewEvent[];
}

/** The store bound to one open database transaction. */
export interface EventStoreTransaction {
  /** The same transaction: projections written through it commit or roll back with the events. */
  readonly manager: EntityManager;
  append(stream: string, expected: ExpectedVersion, events: NewEvent[]): Promise<AppendResult>;
  /**
   * Appends to many streams in one round trip (bulk intake), with the guarantees of `append` for
   * each stream: its expected version checked, its subject locked until commit, positions in the
   * order given. All or nothing: when any stream's expected version is stale, nothing is written,
   * the transaction stays usable, and WrongExpectedVersionError names the first such stream.
   * Each stream at most once. Returns one result per element, in the order given.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** The stream's events from `fromVersion` (inclusive, default 1), in stream order. */
  readStream(stream: string, fromVersion?: number): Promise<StoredEvent[]>;
  /** The events of each of the given streams, in one query: stream → its events in stream order (missing = none). */
  readStreams(streams: string[]): Promise<Map<string, StoredEvent[]>>;
}

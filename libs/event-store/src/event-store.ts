import { newEventId } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { signalAfterCommitOf, signalAppendCommitted } from './commit-signal';
import { WrongExpectedVersionError, isRetryableTransactionError } from './errors';
import { APPEND_FUNCTION, APPEND_MANY_FUNCTION, STORED_EVENT_COLUMNS } from './schema';
import { EventRow, toStoredEvent } from './stored-event';
import type { AppendResult, EventStoreTransaction, ExpectedVersion, NewEvent, StoredEvent, StreamAppend } from './types';

export interface EventStoreOptions {
  /**
   * Applied to every event read back (readStream, readAll): turns an old schema version of `data`
   * into the current one, so deciders and projections only know the current shape. The relay
   * publishes events as stored; consumers upcast with the same contract registry.
   */
  upcast?: (event: StoredEvent) => StoredEvent;
  /** How many times `transaction()` runs the unit of work when PostgreSQL aborts it (default 5). */
  maxTransactionAttempts?: number;
}

interface AppendRow {
  r_global_position: string | null;
  r_stream_version: number | null;
  r_occurred_at: string | null;
  r_recorded_at: string | null;
  r_actual_version: number;
}

interface AppendManyRow {
  r_stream: string;
  r_event_id: string | null;
  r_global_position: string | null;
  r_stream_version: number | null;
  r_occurred_at: string | null;
  r_recorded_at: string | null;
  r_actual_version: number | null;
}

const identity = (event: StoredEvent): StoredEvent => event;

/**
 * The service's event store: streams of events in PostgreSQL, written in the same transaction as
 * the service's own projections, and queued in the outbox that the OutboxRelay publishes from.
 */
export class EventStore {
  private readonly upcast: (event: StoredEvent) => StoredEvent;
  private readonly maxAttempts: number;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions = {},
  ) {
    this.upcast = options.upcast ?? identity;
    this.maxAttempts = options.maxTransactionAttempts ?? 5;
  }

  /**
   * Runs `work` in one database transaction (READ COMMITTED) and commits it; rolls back if `work`
   * throws. When PostgreSQL aborts the transaction for a deadlock or a serialization failure, the
   * whole unit of work runs again (so it must not have effects outside the transaction). A
   * WrongExpectedVersionError is never retried here: deciding again is the caller's business.
   */
  async transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        let appended = false;
        const result = await work(this.bind(runner.manager, () => (appended = true)));
        await runner.commitTransaction();
        if (appended) signalAppendCommitted(this.dataSource);
        return result;
      } catch (error) {
        if (runner.isTransactionActive) {
          // A failed rollback means a broken connection; the pool discards it on release.
          await runner.rollbackTransaction().catch(() => undefined);
        }
        if (attempt >= this.maxAttempts || !isRetryableTransactionError(error)) throw error;
      } finally {
        await runner.release();
      }
      await sleep(retryDelayMs(attempt));
    }
  }

  /**
   * The store inside a transaction someone else opened, e.g. the messaging inbox transaction, so
   * that an event handler's appends commit together with the record that the event was handled.
   */
  within(manager: EntityManager): EventStoreTransaction {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'EventStore.within() needs an EntityManager bound to an open transaction (queryRunner.manager after ' +
          'startTransaction(), or the manager an InboxContext carries); use EventStore.transaction() otherwise',
      );
    }
    const runner = manager.queryRunner;
    return this.bind(manager, () => signalAfterCommitOf(this.dataSource, runner));
  }

  /** The stream's committed events from `fromVersion` (inclusive, default 1), in stream order. */
  readStream(stream: string, fromVersion = 1): Promise<StoredEvent[]> {
    return readStream(this.dataSource.manager, stream, fromVersion, this.upcast);
  }

  /**
   * Every event in the store after `afterPosition` (default: from the start), in `global_position`
   * order, which for each subject is the order its transactions committed. The iteration reads one
   * consistent snapshot (a REPEATABLE READ transaction held until the iteration ends), so it never
   * shows a later event of a subject without the earlier ones. Events committed after the
   * iteration started are not included, and may have positions below the last one read: resuming
   * a live store from a position is what the outbox is for, not this.
   * Leave the loop with `break` or an exception (both end the snapshot); an iterator abandoned
   * half-way without `return()` keeps its connection.
   */
  async *readAll(options: { afterPosition?: string; batchSize?: number } = {}): AsyncIterable<StoredEvent> {
    const batchSize = options.batchSize ?? 1000;
    let after = options.afterPosition ?? '0';
    if (!/^\d+$/.test(after)) throw new Error(`readAll: afterPosition must be a non-negative integer, got ${after}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`readAll: batchSize must be a positive integer`);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      for (;;) {
        const rows: EventRow[] = await runner.query(
          `SELECT ${STORED_EVENT_COLUMNS} FROM events e
           WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`,
          [after, batchSize],
        );
        for (const row of rows) yield this.upcast(toStoredEvent(row));
        if (rows.length < batchSize) break;
        after = rows[rows.length - 1].global_position;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * The store as a log to fold read models from (a projection rebuild): the events table, its
   * position, the columns and the mapping `readAll` uses, with the same upcasting.
   */
  logSource(): { table: string; position: string; columns: string; toEvent(row: EventRow & { position: string }): StoredEvent } {
    return {
      table: 'events',
      position: 'global_position',
      columns: `${STORED_EVENT_COLUMNS}, e.global_position AS position`,
      toEvent: (row) => this.upcast(toStoredEvent(row)),
    };
  }

  private bind(manager: EntityManager, onAppend: () => void = () => undefined): EventStoreTransaction {
    const upcast = this.upcast;
    return {
      manager,
      append: (stream, expected, events) => {
        onAppend();
        return append(manager, stream, expected, events);
      },
      appendMany: (appends) => {
        onAppend();
        return appendMany(manager, appends);
      },
      readStream: (stream, fromVersion = 1) => readStream(manager, stream, fromVersion, upcast),
      readStreams: (streams) => readStreams(manager, streams, upcast),
    };
  }
}

async function readStream(
  manager: EntityManager,
  stream: string,
  fromVersion: number,
  upcast: (event: StoredEvent) => StoredEvent,
): Promise<StoredEvent[]> {
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    throw new Error(`readStream: fromVersion must be an integer >= 1, got ${fromVersion}`);
  }
  const rows: EventRow[] = await manager.query(
    `SELECT ${STORED_EVENT_COLUMNS} FROM events e
     WHERE e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version`,
    [stream, fromVersion],
  );
  return rows.map((row) => upcast(toStoredEvent(row)));
}

async function readStreams(
  manager: EntityManager,
  streams: string[],
  upcast: (event: StoredEvent) => StoredEvent,
): Promise<Map<string, StoredEvent[]>> {
  const byStream = new Map<string, StoredEvent[]>();
  if (streams.length === 0) return byStream;
  const rows: EventRow[] = await manager.query(
    `SELECT ${STORED_EVENT_COLUMNS} FROM events e
     WHERE e.stream_id = ANY($1::text[]) ORDER BY e.stream_id, e.stream_version`,
    [[...new Set(streams)]],
  );
  for (const row of rows) {
    const event = upcast(toStoredEvent(row));
    const events = byStream.get(row.stream_id);
    if (events) events.push(event);
    else byStream.set(row.stream_id, [event]);
  }
  return byStream;
}

function checkAppendArguments(operation: string, stream: string, expected: ExpectedVersion): void {
  if (typeof stream !== 'string' || stream.length === 0) throw new Error(`${operation}: stream must be a non-empty string`);
  if (expected !== 'any' && !(Number.isInteger(expected) && expected >= 0)) {
    throw new Error(`${operation}: expected version must be an integer >= 0 or 'any', got ${String(expected)}`);
  }
}

async function append(
  manager: EntityManager,
  stream: string,
  expected: ExpectedVersion,
  events: NewEvent[],
): Promise<AppendResult> {
  checkAppendArguments('append', stream, expected);
  if (events.length === 0) {
    // Nothing to write, but the caller still learns whether its view of the stream is current.
    const [row]: { version: number }[] = await manager.query('SELECT version FROM streams WHERE stream_id = $1', [
      stream,
    ]);
    const actual = row?.version ?? 0;
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersionError(stream, expected, actual);
    return { nextExpectedVersion: actual, events: [] };
  }

  const prepared = events.map((event, index) => prepare(stream, event, index));
  const rows: AppendRow[] = await manager.query(`SELECT * FROM ${APPEND_FUNCTION}($1, $2, $3::jsonb)`, [
    stream,
    expected === 'any' ? null : expected,
    JSON.stringify(prepared),
  ]);
  if (rows.length === 1 && rows[0].r_global_position === null) {
    throw new WrongExpectedVersionError(stream, expected, rows[0].r_actual_version);
  }
  return {
    nextExpectedVersion: rows[rows.length - 1].r_actual_version,
    events: rows.map((row, i) => ({
      id: prepared[i].id,
      type: prepared[i].type,
      version: prepared[i].version,
      stream,
      streamVersion: row.r_stream_version as number,
      subjectKey: prepared[i].subject_key,
      occurredAt: row.r_occurred_at as string,
      recordedAt: row.r_recorded_at as string,
      correlationId: prepared[i].correlation_id,
      causationId: prepared[i].causation_id,
      actor: prepared[i].actor,
      data: prepared[i].data,
      globalPosition: String(row.r_global_position),
    })),
  };
}

/**
 * Many streams in one call of the append-many function: the same checks, locks and outbox rows as
 * `append` per stream, all or nothing. Streams without events only have their version checked.
 */
async function appendMany(manager: EntityManager, appends: StreamAppend[]): Promise<AppendResult[]> {
  if (!Array.isArray(appends)) throw new Error('appendMany: appends must be an array');
  const seen = new Set<string>();
  for (const { stream, expected, events } of appends) {
    checkAppendArguments('appendMany', stream, expected);
    if (!Array.isArray(events)) throw new Error(`appendMany: events of ${stream} must be an array`);
    if (seen.has(stream)) throw new Error(`appendMany: stream ${stream} appears more than once; give each stream's events together`);
    seen.add(stream);
  }

  // Nothing to write for these, but the caller still learns whether its view of them is current.
  const checkOnly = appends.filter((a) => a.events.length === 0);
  const versions = new Map<string, number>();
  if (checkOnly.length > 0) {
    const rows: { stream_id: string; version: number }[] = await manager.query(
      'SELECT stream_id, version FROM streams WHERE stream_id = ANY($1::text[])',
      [checkOnly.map((a) => a.stream)],
    );
    for (const row of rows) versions.set(row.stream_id, row.version);
    for (const { stream, expected } of checkOnly) {
      const actual = versions.get(stream) ?? 0;
      if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersionError(stream, expected, actual);
    }
  }

  const writing = appends.filter((a) => a.events.length > 0);
  const prepared = writing.map((a) => a.events.map((event, index) => prepare(a.stream, event, index)));
  const rows: AppendManyRow[] =
    writing.length === 0
      ? []
      : await manager.query(`SELECT * FROM ${APPEND_MANY_FUNCTION}($1::jsonb, $2::jsonb)`, [
          JSON.stringify(
            writing.map((a, k) => ({
              stream: a.stream,
              expected: a.expected === 'any' ? null : a.expected,
              count: a.events.length,
              subject_key: prepared[k][prepared[k].length - 1].subject_key,
            })),
          ),
          JSON.stringify(writing.flatMap((a, k) => prepared[k].map((event, i) => ({ stream: a.stream, n: i + 1, ...event })))),
        ]);
  if (rows.length > 0 && rows[0].r_global_position === null) {
    const stale = new Map(rows.map((row) => [row.r_stream, row.r_actual_version ?? 0]));
    const first = writing.find((a) => stale.has(a.stream)) as StreamAppend;
    throw new WrongExpectedVersionError(first.stream, first.expected, stale.get(first.stream) as number);
  }

  const byId = new Map(rows.map((row) => [String(row.r_event_id).toLowerCase(), row]));
  const written = new Map<string, AppendResult>();
  writing.forEach((a, k) => {
    const events = prepared[k].map<StoredEvent>((event) => {
      const row = byId.get(event.id.toLowerCase());
      if (!row) throw new Error(`appendMany: no position returned for event ${event.id} of ${a.stream}`);
      return {
        id: event.id,
        type: event.type,
        version: event.version,
        stream: a.stream,
        streamVersion: row.r_stream_version as number,
        subjectKey: event.subject_key,
        occurredAt: row.r_occurred_at as string,
        recordedAt: row.r_recorded_at as string,
        correlationId: event.correlation_id,
        causationId: event.causation_id,
        actor: event.actor,
        data: event.data,
        globalPosition: String(row.r_global_position),
      };
    });
    written.set(a.stream, { nextExpectedVersion: events[events.length - 1].streamVersion, events });
  });
  return appends.map(
    (a) => written.get(a.stream) ?? { nextExpectedVersion: versions.get(a.stream) ?? 0, events: [] },
  );
}

/** One element of the append function's `p_events` (jsonb_to_recordset column names). */
interface PreparedEvent {
  id: string;
  type: string;
  version: number;
  subject_key: string | null;
  occurred_at: string | null;
  correlation_id: string;
  causation_id: string | null;
  actor: NewEvent['actor'];
  data: unknown;
}

/**
 * Rejects malformed events before they reach the store: a missing subject key would silently
 * route a subject's event to the reference topic, a missing correlation id would break the repair
 * follow-up that tracks effects by it.
 */
function prepare(stream: string, event: NewEvent, index: number): PreparedEvent {
  const where = `append to ${stream}, event ${index}`;
  if (typeof event.type !== 'string' || event.type.length === 0) throw new Error(`${where}: type is required`);
  if (event.subjectKey !== null && (typeof event.subjectKey !== 'string' || event.subjectKey.length === 0)) {
    throw new Error(`${where} (${event.type}): subjectKey must be a non-empty string, or null for reference data`);
  }
  if (typeof event.correlationId !== 'string' || event.correlationId.length === 0) {
    throw new Error(`${where} (${event.type}): correlationId is required`);
  }
  if (typeof event.actor?.departmentCode !== 'string' || event.actor.departmentCode.length === 0) {
    throw new Error(`${where} (${event.type}): actor.departmentCode is required`);
  }
  const version = event.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new Error(`${where} (${event.type}): version must be >= 1`);
  return {
    id: event.id ?? newEventId(),
    type: event.type,
    version,
    subject_key: event.subjectKey,
    occurred_at: event.occurredAt ?? null,
    correlation_id: event.correlationId,
    causation_id: event.causationId ?? null,
    actor: event.actor,
    data: event.data === undefined ? null : event.data,
  };
}

/** Short, jittered: the competing transaction usually finishes within milliseconds. */
function retryDelayMs(attempt: number): number {
  return Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

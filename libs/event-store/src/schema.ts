/**
 * Names and SQL shared by the store, the relay and the migrations. The tables live in the
 * connection's current schema (search_path), like the service's own projection tables, so one
 * service's store never sees another's.
 */

/**
 * First key of the transaction-level advisory lock an append takes per subject. Serialising a
 * subject's writers is what makes `global_position` order equal commit order per subject: a
 * writer's positions are drawn only after every earlier writer of that subject has committed.
 */
export const SUBJECT_LOCK_NAMESPACE = 0x4352_0001;

/** First key of the session-level advisory lock that makes one outbox relay the leader. */
export const RELAY_LOCK_NAMESPACE = 0x4352_0002;

/** The append function created by the migration: one round trip per append. */
export const APPEND_FUNCTION = 'event_store_append';

/** The multi-stream append function (bulk intake): one round trip for many streams. */
export const APPEND_MANY_FUNCTION = 'event_store_append_many';

/**
 * ISO 8601 in UTC with milliseconds, the shape `Date.prototype.toISOString` gives. Timestamps are
 * stored with millisecond precision (timestamptz(3)) so this text is exactly what is stored: an
 * event read back, replayed or republished carries the same `occurredAt` / `recordedAt`.
 */
export const isoTimestamp = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The envelope columns of `events` aliased `e`, timestamps as ISO text; `actor` and `data` left to the caller. */
const ENVELOPE_COLUMNS = [
  'e.global_position',
  'e.event_id',
  'e.type',
  'e.version',
  'e.stream_id',
  'e.stream_version',
  'e.subject_key',
  `${isoTimestamp('e.occurred_at')} AS occurred_at`,
  `${isoTimestamp('e.recorded_at')} AS recorded_at`,
  'e.correlation_id',
  'e.causation_id',
];

/** The columns `toStoredEvent` maps, for a query over `events` aliased `e`. */
export const STORED_EVENT_COLUMNS = [...ENVELOPE_COLUMNS, 'e.actor', 'e.data'].join(', ');

/** What the outbox relay selects: STORED_EVENT_COLUMNS with `actor` and `data` as JSON text (OutboxRow). */
export const OUTBOX_EVENT_COLUMNS = [...ENVELOPE_COLUMNS, 'e.actor::text AS actor_json', 'e.data::text AS data_json'].join(', ');

import type { EventEnvelope } from '@credit/contracts';
import type { OutgoingMessage } from '@credit/messaging';
import { TOPICS } from '@credit/contracts';
import type { StoredEvent } from './types';

/** A row selected with STORED_EVENT_COLUMNS. */
export interface EventRow {
  global_position: string;
  event_id: string;
  type: string;
  version: number;
  stream_id: string;
  stream_version: number;
  subject_key: string | null;
  occurred_at: string;
  recorded_at: string;
  correlation_id: string;
  causation_id: string | null;
  actor: EventEnvelope['actor'];
  data: unknown;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    version: row.version,
    stream: row.stream_id,
    streamVersion: row.stream_version,
    subjectKey: row.subject_key,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    actor: row.actor,
    data: row.data,
    globalPosition: String(row.global_position),
  };
}

/** The envelope as published: the stored event without its store-local position. */
export function toEnvelope<T>(event: StoredEvent<T>): EventEnvelope<T> {
  return {
    id: event.id,
    type: event.type,
    version: event.version,
    stream: event.stream,
    streamVersion: event.streamVersion,
    subjectKey: event.subjectKey,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    data: event.data,
  };
}

/**
 * The Kafka record of a stored event. Subject events go to the one subject-keyed topic, keyed by
 * subject, so every consumer sees a subject's history in one order; reference data goes to the
 * reference topic keyed by its stream (the entity). The relay publishes the same record from the
 * outbox row ({@link outboxRowToMessage}); a relay that publishes a row again sends the same bytes.
 */
export function toOutgoingMessage(event: StoredEvent): OutgoingMessage {
  return {
    topic: event.subjectKey === null ? TOPICS.reference : TOPICS.subjectEvents,
    key: event.subjectKey ?? event.stream,
    value: JSON.stringify(toEnvelope(event)),
    headers: {
      id: event.id,
      type: event.type,
      version: String(event.version),
      correlationId: event.correlationId,
    },
  };
}

/** The outbox relay's row: the event's columns, with `actor` and `data` as their JSON text (jsonb output). */
export interface OutboxRow extends Omit<EventRow, 'actor' | 'data'> {
  actor_json: string;
  data_json: string;
}

const str = (value: string): string => JSON.stringify(value);
const strOrNull = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The Kafka record of an outbox row, without parsing the stored JSON only to serialise it again:
 * the envelope is written around the `actor` and `data` texts as PostgreSQL outputs them
 * (jsonb's canonical form, the same text for the same stored value whenever it is read), in the
 * field order of {@link toEnvelope}. Parsed, it is exactly `toEnvelope` of the stored event; the
 * topic, key and headers are those of {@link toOutgoingMessage}.
 */
export function outboxRowToMessage(row: OutboxRow): OutgoingMessage {
  const version = Number(row.version);
  const value =
    `{"id":${str(row.event_id)},"type":${str(row.type)},"version":${version},"stream":${str(row.stream_id)}` +
    `,"streamVersion":${Number(row.stream_version)},"subjectKey":${strOrNull(row.subject_key)}` +
    `,"occurredAt":${str(row.occurred_at)},"recordedAt":${str(row.recorded_at)}` +
    `,"correlationId":${str(row.correlation_id)},"causationId":${strOrNull(row.causation_id)}` +
    `,"actor":${row.actor_json},"data":${row.data_json}}`;
  return {
    topic: row.subject_key === null ? TOPICS.reference : TOPICS.subjectEvents,
    key: row.subject_key ?? row.stream_id,
    value,
    headers: { id: row.event_id, type: row.type, version: String(version), correlationId: row.correlation_id },
  };
}

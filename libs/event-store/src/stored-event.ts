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
 * reference topic keyed by its stream (the entity). The relay and any re-publishing replay use
 * this one mapping, so a republished event is byte-for-byte the record first published.
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

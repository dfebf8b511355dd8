import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

/**
 * A new event id: a UUIDv7, so ids sort by creation time (useful in logs and in the inbox
 * tables), and globally unique, so consumers can use it as their idempotency key.
 */
export function newEventId(): string {
  return uuidv7();
}

/** True for any RFC 9562 UUID in its canonical 36-character form (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidValidate(value);
}

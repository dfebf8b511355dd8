import type { EventEnvelope, EventRegistry } from '@credit/contracts';
import type { DeadLetterReason } from './dead-letters';

/** What the consumer must do with a record, decided from its bytes and the contract alone. */
export type Decoded<H> =
  /** This service does not react to the type: mark processed, move on. */
  | { kind: 'ignore'; type: string }
  /** Nothing a retry could fix: straight to the dead-letter topic. */
  | { kind: 'reject'; reason: DeadLetterReason; message: string; meta: EventMeta }
  /** A newer version than this service knows: parked until it is upgraded, never guessed at. */
  | { kind: 'unknown-version'; raw: Record<string, unknown>; meta: Required<Pick<EventMeta, 'id' | 'type' | 'version'>> & EventMeta; message: string }
  | { kind: 'event'; event: EventEnvelope; raw: Record<string, unknown>; handler: H };

/** What can be read off a record even when it is not a valid envelope (for dead letters and parking). */
export interface EventMeta {
  id?: string;
  type?: string;
  version?: number;
  subjectKey?: string | null;
  stream?: string;
}

export function parseRecordValue(value: Buffer | null): { ok: true; raw: unknown } | { ok: false; message: string } {
  if (value === null || value.length === 0) return { ok: false, message: 'record has no value' };
  try {
    return { ok: true, raw: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return { ok: false, message: `value is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Checks a parsed envelope against the contract and brings it to the latest known version.
 * The handler is looked up before validation on purpose: a service does not dead-letter events
 * it does not consume (other services add types and versions all the time), and only the events
 * it acts on are held to its version of the contract.
 */
export function decodeEnvelope<H>(
  raw: unknown,
  registry: EventRegistry,
  handlerFor: (type: string) => H | undefined,
): Decoded<H> {
  const meta = metaOf(raw);
  if (!isObject(raw) || meta.type === undefined) {
    return { kind: 'reject', reason: 'malformed-envelope', message: 'malformed-envelope: not an event envelope with a type', meta };
  }
  const handler = handlerFor(meta.type);
  if (handler === undefined) return { kind: 'ignore', type: meta.type };

  const result = registry.validate(raw);
  if (!result.ok) {
    const detail = result.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ');
    const message = `${result.reason}: ${detail}`;
    if (result.reason === 'unknown-version' && meta.id !== undefined && meta.version !== undefined) {
      return { kind: 'unknown-version', raw, meta: { ...meta, id: meta.id, type: meta.type, version: meta.version }, message };
    }
    return { kind: 'reject', reason: result.reason === 'unknown-version' ? 'malformed-envelope' : result.reason, message, meta };
  }
  try {
    return { kind: 'event', event: registry.upcast(result.event), raw, handler };
  } catch (error) {
    return {
      kind: 'reject',
      reason: 'upcast-failed',
      message: `upcast-failed: ${error instanceof Error ? error.message : String(error)}`,
      meta,
    };
  }
}

/**
 * The key whose order must be kept: the subject for subject events, the stream (the entity) for
 * reference data. Prefixed so a stream name can never equal a subject key.
 */
export function orderKeyOf(meta: { subjectKey?: string | null; stream?: string; id?: string }): string {
  if (typeof meta.subjectKey === 'string' && meta.subjectKey !== '') return meta.subjectKey;
  if (meta.stream) return `stream:${meta.stream}`;
  return `event:${meta.id ?? 'unknown'}`;
}

function metaOf(raw: unknown): EventMeta {
  if (!isObject(raw)) return {};
  return {
    id: typeof raw.id === 'string' ? raw.id : undefined,
    type: typeof raw.type === 'string' && raw.type !== '' ? raw.type : undefined,
    version: typeof raw.version === 'number' ? raw.version : undefined,
    subjectKey: typeof raw.subjectKey === 'string' ? raw.subjectKey : raw.subjectKey === null ? null : undefined,
    stream: typeof raw.stream === 'string' ? raw.stream : undefined,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { TOPICS } from '@credit/contracts';
import { WrongExpectedVersionError, isRetryableTransactionError } from './errors';
import { byteBoundedChunks } from './outbox-relay';
import { outboxRowToMessage, toEnvelope, toOutgoingMessage, type OutboxRow } from './stored-event';
import type { StoredEvent } from './types';

const stored = (subjectKey: string | null): StoredEvent => ({
  id: '0190f1a2-3b4c-7d5e-8f60-718293a4b5c6',
  type: 'double-publicity.penalty-published',
  version: 2,
  stream: 'penalty-42',
  streamVersion: 3,
  subjectKey,
  occurredAt: '2024-03-01T01:30:00.123Z',
  recordedAt: '2024-03-01T01:30:01.000Z',
  correlationId: 'repair-9',
  causationId: null,
  actor: { departmentCode: '11450100MB0000000X' },
  data: { amount: 5000 },
  globalPosition: '1234',
});

describe('the published record of a stored event', () => {
  it('goes to the subject topic keyed by subject, as the envelope without the store position', () => {
    const message = toOutgoingMessage(stored('91450100MA5KXXXX1X'));
    expect(message.topic).toBe(TOPICS.subjectEvents);
    expect(message.key).toBe('91450100MA5KXXXX1X');
    expect(JSON.parse(message.value)).toEqual(toEnvelope(stored('91450100MA5KXXXX1X')));
    expect(JSON.parse(message.value)).not.toHaveProperty('globalPosition');
    expect(message.headers).toEqual({
      id: '0190f1a2-3b4c-7d5e-8f60-718293a4b5c6',
      type: 'double-publicity.penalty-published',
      version: '2',
      correlationId: 'repair-9',
    });
  });

  it('sends reference data to the reference topic keyed by its stream', () => {
    const message = toOutgoingMessage(stored(null));
    expect(message.topic).toBe(TOPICS.reference);
    expect(message.key).toBe('penalty-42');
  });
});

describe("the relay's record of an outbox row", () => {
  // As PostgreSQL outputs jsonb: canonical key order, spaces after ':' and ','.
  const row = (event: StoredEvent): OutboxRow => ({
    global_position: event.globalPosition,
    event_id: event.id,
    type: event.type,
    version: event.version,
    stream_id: event.stream,
    stream_version: event.streamVersion,
    subject_key: event.subjectKey,
    occurred_at: event.occurredAt,
    recorded_at: event.recordedAt,
    correlation_id: event.correlationId,
    causation_id: event.causationId,
    actor_json: JSON.stringify(event.actor).replace(/":/g, '": ').replace(/,"/g, ', "'),
    data_json: JSON.stringify(event.data).replace(/":/g, '": ').replace(/,"/g, ', "'),
  });

  it.each([
    ['a subject event', { ...stored('91450100MA5KXXXX1X'), causationId: 'cause-"1"\\', data: { text: '罚款 "5000" 元\n', list: [1, null, { a: true }], n: 1.5 } }],
    ['reference data without data', { ...stored(null), data: null }],
  ])('is %s as the stored event would be published: same envelope, topic, key and headers', (_, event) => {
    const message = outboxRowToMessage(row(event));
    const expected = toOutgoingMessage(event);
    expect(JSON.parse(message.value)).toEqual(JSON.parse(expected.value));
    expect(Object.keys(JSON.parse(message.value))).toEqual(Object.keys(toEnvelope(event)));
    expect({ ...message, value: undefined }).toEqual({ ...expected, value: undefined });
  });
});

describe('publish chunks', () => {
  const message = (bytes: number) => ({ topic: 't', key: 'k', value: 'v'.repeat(bytes) });

  it('keeps order and bounds each chunk, a lone oversized message going alone', () => {
    const messages = [message(400), message(400), message(400), message(5000), message(10)];
    const chunks = [...byteBoundedChunks(messages, 1500)];
    expect(chunks.map((c) => c.length)).toEqual([2, 1, 1, 1]);
    expect(chunks.flat()).toEqual(messages);
  });
});

describe('errors', () => {
  it('explains a version conflict', () => {
    expect(new WrongExpectedVersionError('penalty-1', 3, 5).message).toBe('Stream penalty-1 is at version 5, expected 3');
    expect(new WrongExpectedVersionError('penalty-1', 0, 2).message).toMatch(/already exists/);
  });

  it('retries deadlocks and serialization failures only, whether raw pg or TypeORM errors', () => {
    expect(isRetryableTransactionError({ code: '40P01' })).toBe(true);
    expect(isRetryableTransactionError({ driverError: { code: '40001' } })).toBe(true);
    expect(isRetryableTransactionError({ code: '23505' })).toBe(false);
    expect(isRetryableTransactionError(new Error('boom'))).toBe(false);
  });
});

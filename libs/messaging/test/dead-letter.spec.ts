import { dlqTopic } from '@credit/contracts';
import { waitFor } from '@credit/testing';
import { register } from 'prom-client';
import { DLQ_HEADERS, InboxHandler } from '../src';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, ledger, readTopic, subjectKey } from './support';

jest.setTimeout(60_000);

describe('InboxConsumer: poison events go to the dead-letter topic and the partition moves on', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_dlq');
  });

  afterAll(async () => {
    await h.close();
  });

  it('dead-letters an event whose handler always fails after maxAttempts, then processes the next one', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const poison = envelope(entryRecordedV1.type, { amount: -1 }, { subjectKey: subject });
    const next = envelope(entryRecordedV1.type, { amount: 5 }, { subjectKey: subject });
    const triesOfPoison: number[] = [];
    const rejectingNegative: InboxHandler = async (event, ctx) => {
      if ((event.data as { amount: number }).amount < 0) {
        triesOfPoison.push(ctx.attempt);
        // Written before failing: must be rolled back with the attempt, never left behind.
        await bookEntry(event, ctx);
        throw new RangeError(`negative amount ${(event.data as { amount: number }).amount} refused`);
      }
      await bookEntry(event, ctx);
    };
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      maxAttempts: 3,
      backoffMs: { initial: 50, max: 200 },
      handlerFor: (type) => (type === entryRecordedV1.type ? rejectingNegative : undefined),
    });
    await consumer.start();
    await h.publish(topic, [poison, next]);

    await waitFor(() => processed.find((r) => r.eventId === next.id), { timeoutMs: 20_000, description: 'the next event' });
    expect(processed.map((r) => [r.eventId, r.outcome])).toEqual([
      [poison.id, 'dead-lettered'],
      [next.id, 'applied'],
    ]);
    expect(triesOfPoison).toEqual([1, 2, 3]);
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual([next.id]);

    const [dead] = await readTopic(h.kafka, dlqTopic(topic, groupId), 1);
    expect(dead.key).toBe(subject);
    expect(JSON.parse(dead.value!)).toEqual(poison);
    expect(dead.headers).toMatchObject({
      [DLQ_HEADERS.error]: 'RangeError: negative amount -1 refused',
      [DLQ_HEADERS.reason]: 'handler-failed',
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: '0',
      [DLQ_HEADERS.offset]: '0',
      [DLQ_HEADERS.attempts]: '3',
      [DLQ_HEADERS.group]: groupId,
      id: poison.id,
    });
    expect(dead.headers[DLQ_HEADERS.stack]).toContain('RangeError: negative amount -1 refused');

    const rows = await h.dataSource.query(
      `SELECT event_id, reason, error_message, attempts, kafka_offset::text AS kafka_offset FROM dead_letters WHERE consumer_group = $1`,
      [groupId],
    );
    expect(rows).toEqual([
      { event_id: poison.id, reason: 'handler-failed', error_message: 'RangeError: negative amount -1 refused', attempts: 3, kafka_offset: '0' },
    ]);
    const dlqMetric = await register.getSingleMetric('credit_dlq_events_total')!.get();
    expect(dlqMetric.values).toContainEqual(expect.objectContaining({ labels: { group: groupId, topic }, value: 1 }));
  });

  it('dead-letters at once, without calling the handler, what is not a valid event', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    let handlerCalls = 0;
    const counting: InboxHandler = async (event, ctx) => {
      handlerCalls++;
      await bookEntry(event, ctx);
    };
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      handlerFor: (type) => (type === entryRecordedV1.type ? counting : undefined),
    });
    await consumer.start();
    const invalidData = envelope(entryRecordedV1.type, { amount: 'a lot' }, { subjectKey: subject });
    const { correlationId: _dropped, ...missingCorrelation } = envelope(entryRecordedV1.type, { amount: 1 }, { subjectKey: subject });
    const good = envelope(entryRecordedV1.type, { amount: 9 }, { subjectKey: subject });
    await h.publisher.publishRaw([
      { topic, key: subject, value: Buffer.from('{"id": "not json') },
      { topic, key: subject, value: JSON.stringify(missingCorrelation) },
      { topic, key: subject, value: JSON.stringify(invalidData) },
      { topic, key: subject, value: JSON.stringify(good) },
    ]);

    await waitFor(() => processed.length === 4, { timeoutMs: 20_000, description: 'four records processed' });
    expect(processed.map((r) => r.outcome)).toEqual(['dead-lettered', 'dead-lettered', 'dead-lettered', 'applied']);
    expect(handlerCalls).toBe(1);

    const dead = await readTopic(h.kafka, dlqTopic(topic, groupId), 3);
    expect(dead.map((d) => [d.headers[DLQ_HEADERS.reason], d.headers[DLQ_HEADERS.attempts], d.headers[DLQ_HEADERS.offset]])).toEqual([
      ['malformed-json', '0', '0'],
      ['malformed-envelope', '0', '1'],
      ['invalid-data', '0', '2'],
    ]);
    expect(dead[0].value).toBe('{"id": "not json');
    expect(dead[1].headers[DLQ_HEADERS.error]).toContain('correlationId');
    expect(dead[2].headers[DLQ_HEADERS.error]).toContain('/data/amount');
    const rows = await h.dataSource.query(`SELECT reason FROM dead_letters WHERE consumer_group = $1 ORDER BY kafka_offset`, [groupId]);
    expect(rows.map((r: { reason: string }) => r.reason)).toEqual(['malformed-json', 'malformed-envelope', 'invalid-data']);
  });

  it('redrives a dead letter after the handler is fixed: applied exactly once, however often it is redriven', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const poison = envelope(entryRecordedV1.type, { amount: 7 }, { subjectKey: subject });
    let fixed = false;
    const handler: InboxHandler = async (event, ctx) => {
      if (!fixed) throw new Error('the handler has a bug');
      await bookEntry(event, ctx);
    };
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      maxAttempts: 2,
      backoffMs: { initial: 20, max: 50 },
      handlerFor: (type) => (type === entryRecordedV1.type ? handler : undefined),
    });
    await consumer.start();
    await h.publish(topic, [poison]);
    await waitFor(() => processed.find((r) => r.eventId === poison.id && r.outcome === 'dead-lettered'), { timeoutMs: 20_000, description: 'the dead letter' });
    const [{ id }] = await h.dataSource.query(`SELECT id::text FROM dead_letters WHERE consumer_group = $1 AND event_id = $2`, [groupId, poison.id]);

    // Not fixed yet: refused again, still one dead letter, nothing booked.
    expect(await consumer.redrive(id)).toMatchObject({ outcome: 'failed-again', eventId: poison.id, error: expect.stringContaining('the handler has a bug') });
    expect(await h.dataSource.query(`SELECT count(*)::int AS n FROM dead_letters WHERE consumer_group = $1`, [groupId])).toEqual([{ n: 1 }]);
    expect(await ledger(h.dataSource, subject)).toEqual([]);

    fixed = true;
    expect(await consumer.redrive(id)).toEqual({ outcome: 'applied', eventId: poison.id, eventType: entryRecordedV1.type });
    expect(await consumer.redrive(id)).toEqual({ outcome: 'applied', eventId: poison.id, eventType: entryRecordedV1.type });
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual([poison.id]);

    await h.dataSource.query(`UPDATE dead_letters SET resolution = 'REDRIVEN', resolved_at = now() WHERE id::text = $1`, [id]);
    expect(await consumer.redrive(id)).toMatchObject({ outcome: 'already-resolved', resolution: 'REDRIVEN' });
    expect(await consumer.redrive('999999999')).toEqual({ outcome: 'not-found' });
  });
});

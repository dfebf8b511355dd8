import { uniqueName, waitFor } from '@credit/testing';
import { register } from 'prom-client';
import { InboxHandler } from '../src';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, ledger, subjectKey } from './support';

jest.setTimeout(60_000);

describe('InboxConsumer: exactly-once effects over at-least-once delivery', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_inbox');
  });

  afterAll(async () => {
    await h.close();
  });

  async function committedOffset(groupId: string, topic: string): Promise<string> {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets.partitions.find((p) => p.partition === 0)?.offset ?? '-1';
    } finally {
      await admin.disconnect();
    }
  }

  it('applies the effect once when the consumer dies after the COMMIT and before the offset commit', async () => {
    const topic = await h.freshTopic();
    const groupId = uniqueName('crash-group');
    const subject = subjectKey();
    const event = envelope(entryRecordedV1.type, { amount: 42 }, { subjectKey: subject });
    let handlerCalls = 0;
    const counting: InboxHandler = async (e, ctx) => {
      handlerCalls++;
      await bookEntry(e, ctx);
    };
    const handlerFor = (type: string) => (type === entryRecordedV1.type ? counting : undefined);

    let committedAtCrash: unknown[] | undefined;
    const crashing = h.consumer({
      topics: [topic],
      groupId,
      handlerFor,
      afterCommit: async (e) => {
        // The effect is durable at this point; the process "dies" before the offset commit.
        committedAtCrash = await ledger(h.dataSource, e.subjectKey!);
        void crashing.consumer.stop();
        throw new Error('simulated crash between COMMIT and offset commit');
      },
    });
    await crashing.consumer.start();
    await h.publish(topic, [event]);
    await waitFor(() => crashing.consumer.state === 'stopped' && committedAtCrash !== undefined, {
      timeoutMs: 20_000,
      description: 'the consumer to crash after applying the event',
    });
    expect(committedAtCrash).toHaveLength(1);
    expect(await committedOffset(groupId, topic)).toBe('-1');

    // The replacement instance gets the record again: the inbox turns it into a no-op.
    const restarted = h.consumer({ topics: [topic], groupId, handlerFor });
    await restarted.consumer.start();
    await waitFor(() => restarted.processed.find((r) => r.eventId === event.id), {
      timeoutMs: 20_000,
      description: 'the redelivered event',
    });
    expect(restarted.processed.map((r) => [r.eventId, r.outcome])).toEqual([[event.id, 'duplicate']]);
    expect(handlerCalls).toBe(1);
    expect(await ledger(h.dataSource, subject)).toEqual([{ event_id: event.id, kind: 'entry', amount: 42 }]);
    const inbox = await h.dataSource.query(`SELECT event_type FROM inbox WHERE consumer_group = $1 AND event_id = $2`, [
      groupId,
      event.id,
    ]);
    expect(inbox).toEqual([{ event_type: entryRecordedV1.type }]);
    // Only after the duplicate is the offset committed, so a third instance would not see it again.
    await waitFor(async () => (await committedOffset(groupId, topic)) === '1', { description: 'offset 1 committed' });
  });

  it('gives an event published twice (same id) one effect, and measures a lag of zero once caught up', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const event = envelope(entryRecordedV1.type, { amount: 7 }, { subjectKey: subject });
    const other = envelope(entryRecordedV1.type, { amount: 3 }, { subjectKey: subject });
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined),
    });
    await consumer.start();
    await h.publish(topic, [event, event, other]);
    await waitFor(() => processed.length >= 3, { timeoutMs: 20_000, description: 'three records processed' });

    expect(processed.map((r) => [r.eventId, r.outcome, r.offset])).toEqual([
      [event.id, 'applied', '0'],
      [event.id, 'duplicate', '1'],
      [other.id, 'applied', '2'],
    ]);
    expect((await ledger(h.dataSource, subject)).map((row) => row.amount)).toEqual([7, 3]);

    await waitFor(async () => (await committedOffset(groupId, topic)) === '3', { description: 'offset 3 committed' });
    expect(await consumer.measureLag()).toEqual([{ topic, partition: 0, lag: 0 }]);
    const lagMetric = await register.getSingleMetric('credit_consumer_lag')!.get();
    expect(lagMetric.values).toContainEqual(
      expect.objectContaining({ labels: { group: groupId, topic, partition: '0' }, value: 0 }),
    );
    const processedMetric = await register.getSingleMetric('credit_consumer_processed_total')!.get();
    expect(processedMetric.values).toContainEqual(
      expect.objectContaining({ labels: { group: groupId, type: entryRecordedV1.type, outcome: 'duplicate' }, value: 1 }),
    );
  });

  it('acknowledges event types this service does not handle without touching the inbox', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const unrelated = envelope('other-service.something-happened', { anything: true }, { subjectKey: subject });
    const { consumer, processed, groupId } = h.consumer({ topics: [topic], handlerFor: () => undefined });
    await consumer.start();
    await h.publish(topic, [unrelated]);
    await waitFor(() => processed.length === 1, { timeoutMs: 20_000, description: 'the record processed' });
    expect(processed[0]).toMatchObject({ outcome: 'ignored', type: 'other-service.something-happened' });
    const inbox = await h.dataSource.query(`SELECT 1 FROM inbox WHERE consumer_group = $1`, [groupId]);
    expect(inbox).toEqual([]);
    await waitFor(async () => (await committedOffset(groupId, topic)) === '1', { description: 'offset committed' });
  });

  it('skips a run of unhandled records by their type header, unparsed, and commits past them; a handled record after them is applied', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    // As the relay publishes them: the type in a header. The value is not even JSON: it is never parsed.
    const unrelated = Array.from({ length: 5 }, (_, i) => ({ topic, key: subject, value: `not json ${i}`, headers: { type: 'other-service.something-happened' } }));
    const mine = envelope(entryRecordedV1.type, { amount: 4 }, { subjectKey: subject });
    const { consumer, processed, groupId } = h.consumer({ topics: [topic], handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined) });
    await consumer.start();
    await h.publisher.publish(unrelated);
    await waitFor(async () => (await committedOffset(groupId, topic)) === '5', { timeoutMs: 20_000, description: 'offsets committed past the unhandled run' });
    expect(processed.map((p) => p.outcome)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    await h.publish(topic, [mine]);
    await waitFor(async () => (await committedOffset(groupId, topic)) === '6', { timeoutMs: 20_000, description: 'the handled record committed' });
    expect((await ledger(h.dataSource, subject)).map((row) => row.amount)).toEqual([4]);
  });
});

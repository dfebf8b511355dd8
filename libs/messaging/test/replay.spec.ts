import { waitFor } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { InboxHandler, replayGroupOf, TopicReplay, type ReplayPartitionRange } from '../src';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, ledger, noteAddedV1, subjectKey } from './support';

jest.setTimeout(90_000);

/** Books an entry; refuses a negative amount (a consumer bug, or a record no fix applies). */
const refusingNegative: InboxHandler = async (event, ctx) => {
  if ((event.data as { amount: number }).amount < 0) throw new RangeError('negative amount refused');
  await bookEntry(event, ctx);
};

describe('TopicReplay: a range read again in a fresh group, through the live consumer\'s inbox', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_replay');
  });

  afterAll(async () => {
    await h.close();
  });

  const groupsLike = async (prefix: string) => {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    } finally {
      await admin.disconnect();
    }
  };
  const deadLetters = async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM dead_letters`))[0].n as number;

  it('applied, duplicate, ignored, invalid (with the live dead letter, not dead-lettered again), failed; a dry run changes nothing', async () => {
    const topic = await h.freshTopic('replay');
    const subject = subjectKey();
    const applied = envelope(entryRecordedV1.type, { amount: 1 }, { subjectKey: subject });
    const note = envelope(noteAddedV1.type, { text: 'ignored here' }, { subjectKey: subject });
    const refused = envelope(entryRecordedV1.type, { amount: -1 }, { subjectKey: subject });
    const skipped = envelope(entryRecordedV1.type, { amount: 4 }, { subjectKey: subject });
    const { consumer, processed, groupId } = h.consumer({ topics: [topic], handlerFor: (type) => (type === entryRecordedV1.type ? refusingNegative : undefined) });
    await consumer.start();
    await h.publish(topic, [applied, note]);
    await h.publisher.publish([{ topic, key: subject, value: '{"not json' }]);
    await h.publish(topic, [refused]);
    await waitFor(() => processed.length >= 4 || undefined, { timeoutMs: 30_000, description: 'the live consumer handles the four records' });
    expect(processed.map((r) => r.outcome)).toEqual(['applied', 'ignored', 'dead-lettered', 'dead-lettered']);
    await consumer.stop();
    // Published while the consumer is stopped and never consumed by it.
    await h.publish(topic, [skipped]);
    const admin = h.kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const [garbageLetter] = await h.dataSource.query(`SELECT id::text FROM dead_letters WHERE consumer_group = $1 AND kafka_offset = 2`, [groupId]);
    const lettersBefore = await deadLetters();

    const range: ReplayPartitionRange[] = [{ topic, partition: 0, from: '0', to: '5' }];
    const replay = (dryRun: boolean) => new TopicReplay({ kafka: h.kafka, inbox: consumer, groupId: replayGroupOf(groupId, randomUUID()), partitions: range, total: 5, dryRun });

    const dry = replay(true);
    expect(await dry.run()).toBe('DONE');
    const reported = dry.progress();
    expect(reported).toMatchObject({
      total: 5,
      processed: 5,
      outcomes: { applied: 1, duplicate: 1, ignored: 1, invalid: 1, parked: 0, failed: 1 },
      // Types outside the platform's contract are never keys.
      byType: { unregistered: 4, unreadable: 1 },
      tableChanges: { inbox: { inserted: 1, updated: 0, deleted: 0 }, ledger_entries: { inserted: 1, updated: 0, deleted: 0 } },
      partitions: [{ topic, partition: 0, from: '0', to: '5', next: '5' }],
    });
    expect(reported.problems).toEqual([
      { position: `${topic}/0@2`, outcome: 'invalid', reason: 'malformed-json', error: expect.stringContaining('malformed-json'), deadLetterId: garbageLetter.id },
      { position: `${topic}/0@3`, outcome: 'failed', type: 'unregistered', eventId: refused.id, error: 'RangeError: negative amount refused' },
    ]);
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual([applied.id]);
    expect(await h.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [skipped.id])).toEqual([]);
    expect(await deadLetters()).toBe(lettersBefore);

    const real = replay(false);
    expect(await real.run()).toBe('DONE');
    expect(real.progress().outcomes).toMatchObject({ applied: 1, duplicate: 1, invalid: 1, failed: 1 });
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual([applied.id, skipped.id]);
    expect(await h.dataSource.query(`SELECT consumer_group FROM inbox WHERE event_id = $1`, [skipped.id])).toEqual([{ consumer_group: groupId }]);

    const again = replay(false);
    expect(await again.run()).toBe('DONE');
    expect(again.progress()).toMatchObject({ outcomes: { applied: 0, duplicate: 2 }, tableChanges: {} });
    expect(await ledger(h.dataSource, subject)).toHaveLength(2);
    expect(await deadLetters()).toBe(lettersBefore);
    // The live group's offsets untouched; every replay group deleted.
    expect(await admin.fetchOffsets({ groupId, topics: [topic] })).toEqual(committed);
    await admin.disconnect();
    expect(await groupsLike(`${groupId}.replay.`)).toEqual([]);
  });

  it('cancel stops after the record in hand: its next offset is where a new replay resumes', async () => {
    const topic = await h.freshTopic('replay-cancel');
    const subject = subjectKey();
    const events = [1, 2, 3].map((amount) => envelope(entryRecordedV1.type, { amount }, { subjectKey: subject }));
    await h.publish(topic, events);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    const slow: InboxHandler = async (event, ctx) => {
      entered += 1;
      if (entered === 1) await held;
      await bookEntry(event, ctx);
    };
    const { consumer, groupId } = h.consumer({ topics: [topic], handlerFor: (type) => (type === entryRecordedV1.type ? slow : undefined) });
    const replay = new TopicReplay({ kafka: h.kafka, inbox: consumer, groupId: replayGroupOf(groupId, randomUUID()), partitions: [{ topic, partition: 0, from: '0', to: '3' }], total: 3, dryRun: false });
    const ended = replay.run();
    await waitFor(() => entered > 0 || undefined, { timeoutMs: 20_000, description: 'the first record in hand' });
    replay.cancel();
    release();
    expect(await ended).toBe('CANCELLED');
    expect(replay.progress()).toMatchObject({ processed: 1, outcomes: { applied: 1 }, partitions: [{ from: '0', to: '3', next: '1' }] });
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual([events[0].id]);

    const resumed = new TopicReplay({ kafka: h.kafka, inbox: consumer, groupId: replayGroupOf(groupId, randomUUID()), partitions: [{ topic, partition: 0, from: '1', to: '3' }], total: 2, dryRun: false });
    expect(await resumed.run()).toBe('DONE');
    expect(resumed.progress().outcomes).toMatchObject({ applied: 2 });
    expect((await ledger(h.dataSource, subject)).map((row) => row.event_id)).toEqual(events.map((e) => e.id));
    expect(await groupsLike(`${groupId}.replay.`)).toEqual([]);
  });
});

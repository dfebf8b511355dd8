import { uniqueName, waitFor } from '@credit/testing';
import { register } from 'prom-client';
import { EventNotReadyError, InboxHandler } from '../src';
import {
  accountOpenedV1,
  bookEntry,
  createHarness,
  entryRecordedV1,
  envelope,
  Harness,
  ledger,
  noteAddedV1,
  registryV2,
  subjectKey,
} from './support';

jest.setTimeout(60_000);

/** An entry can only be booked on an opened account: the account is reference data that may arrive late. */
const bookOnOpenAccount: InboxHandler = async (event, ctx) => {
  const open = await ctx.manager.query(`SELECT 1 FROM accounts WHERE subject_key = $1`, [event.subjectKey]);
  if (open.length === 0) throw new EventNotReadyError(`account of ${event.subjectKey} is not opened yet`);
  await bookEntry(event, ctx);
};

const addNote: InboxHandler = async (event, ctx) => {
  await ctx.manager.query(`INSERT INTO ledger_entries (subject_key, event_id, kind) VALUES ($1, $2, 'note')`, [
    event.subjectKey,
    event.id,
  ]);
};

const openAccount: InboxHandler = async (event, ctx) => {
  await ctx.manager.query(`INSERT INTO accounts (subject_key) VALUES ($1)`, [(event.data as { subjectKey: string }).subjectKey]);
};

const handlers: Record<string, InboxHandler> = {
  [entryRecordedV1.type]: bookOnOpenAccount,
  [noteAddedV1.type]: addNote,
  [accountOpenedV1.type]: openAccount,
};
const handlerFor = (type: string) => handlers[type];

describe('InboxConsumer: events that refer to what has not arrived yet are parked, in subject order', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_parking');
  });

  afterAll(async () => {
    await h.close();
  });

  const parkedRows = (groupId: string) =>
    h.dataSource.query(
      `SELECT event_id, reason FROM parked_events WHERE consumer_group = $1 ORDER BY id`,
      [groupId],
    ) as Promise<Array<{ event_id: string; reason: string }>>;

  it('parks a not-ready event and the subject’s later events, and applies them in order once the dependency arrives, across a restart', async () => {
    const topic = await h.freshTopic();
    const groupId = uniqueName('parking-group');
    const subject = subjectKey();
    const otherSubject = subjectKey();
    const entry = envelope(entryRecordedV1.type, { amount: 5 }, { subjectKey: subject });
    const laterNote = envelope(noteAddedV1.type, { text: 'after the entry' }, { subjectKey: subject, streamVersion: 2 });
    const unrelatedNote = envelope(noteAddedV1.type, { text: 'another subject' }, { subjectKey: otherSubject });

    const first = h.consumer({ topics: [topic], groupId, handlerFor });
    await first.consumer.start();
    await h.publish(topic, [entry, laterNote, unrelatedNote]);
    await waitFor(() => first.processed.length === 3, { timeoutMs: 20_000, description: 'three records processed' });

    expect(first.processed.map((r) => [r.eventId, r.outcome])).toEqual([
      [entry.id, 'parked'],
      [laterNote.id, 'parked'],
      [unrelatedNote.id, 'applied'],
    ]);
    // The note needs nothing, yet it must not overtake the entry parked before it.
    expect(await ledger(h.dataSource, subject)).toEqual([]);
    expect(await ledger(h.dataSource, otherSubject)).toHaveLength(1);
    expect(await parkedRows(groupId)).toEqual([
      { event_id: entry.id, reason: 'not-ready' },
      { event_id: laterNote.id, reason: 'behind-parked' },
    ]);
    const gauge = await register.getSingleMetric('credit_parked_events')!.get();
    expect(gauge.values).toContainEqual(expect.objectContaining({ labels: { group: groupId }, value: 2 }));

    // Retries while the dependency is missing change nothing.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await ledger(h.dataSource, subject)).toEqual([]);
    await first.consumer.stop();

    // The account arrives while the service is down; parked events survive in PostgreSQL.
    const opened = envelope(accountOpenedV1.type, { subjectKey: subject }, { subjectKey: null, stream: `account-${subject}` });
    await h.publish(topic, [opened]);

    const second = h.consumer({ topics: [topic], groupId, handlerFor });
    await second.consumer.start();
    await waitFor(async () => (await ledger(h.dataSource, subject)).length === 2, {
      timeoutMs: 20_000,
      description: 'the parked events applied',
    });
    expect(await ledger(h.dataSource, subject)).toEqual([
      { event_id: entry.id, kind: 'entry', amount: 5 },
      { event_id: laterNote.id, kind: 'note', amount: null },
    ]);
    expect(await parkedRows(groupId)).toEqual([]);
    expect(second.processed.map((r) => [r.eventId, r.outcome, r.fromParked])).toEqual([
      [opened.id, 'applied', false],
      [entry.id, 'applied', true],
      [laterNote.id, 'applied', true],
    ]);
    expect(await second.consumer.parkedCount()).toBe(0);

    // With nothing parked any more, the subject's next event is applied directly.
    const nextNote = envelope(noteAddedV1.type, { text: 'later still' }, { subjectKey: subject, streamVersion: 3 });
    await h.publish(topic, [nextNote]);
    await waitFor(() => second.processed.find((r) => r.eventId === nextNote.id), { description: 'the next note' });
    expect(second.processed.find((r) => r.eventId === nextNote.id)).toMatchObject({ outcome: 'applied', fromParked: false });
    expect((await ledger(h.dataSource, subject)).map((r) => r.event_id)).toEqual([entry.id, laterNote.id, nextNote.id]);
  });

  it('parks a version newer than its contract knows and applies it after the upgrade, which also upcasts older versions', async () => {
    const topic = await h.freshTopic();
    const groupId = uniqueName('upgrade-group');
    const subject = subjectKey();
    await h.dataSource.query(`INSERT INTO accounts (subject_key) VALUES ($1)`, [subject]);
    const v2 = envelope(entryRecordedV1.type, { amount: 11, currency: 'EUR' }, { subjectKey: subject, version: 2 });
    const note = envelope(noteAddedV1.type, { text: 'after v2' }, { subjectKey: subject, streamVersion: 2 });

    const old = h.consumer({ topics: [topic], groupId, handlerFor });
    await old.consumer.start();
    await h.publish(topic, [v2, note]);
    await waitFor(() => old.processed.length === 2, { timeoutMs: 20_000, description: 'two records processed' });
    expect(old.processed.map((r) => r.outcome)).toEqual(['parked', 'parked']);
    expect(await parkedRows(groupId)).toEqual([
      { event_id: v2.id, reason: 'unknown-version' },
      { event_id: note.id, reason: 'behind-parked' },
    ]);
    await old.consumer.stop();

    const seenCurrencies: string[] = [];
    const upgraded = h.consumer({
      topics: [topic],
      groupId,
      registry: registryV2(),
      handlerFor: (type) =>
        type === entryRecordedV1.type
          ? async (event, ctx) => {
              seenCurrencies.push((event.data as { currency: string }).currency);
              await bookOnOpenAccount(event, ctx);
            }
          : handlerFor(type),
    });
    await upgraded.consumer.start();
    await waitFor(async () => (await ledger(h.dataSource, subject)).length === 2, {
      timeoutMs: 20_000,
      description: 'the parked events applied after the upgrade',
    });
    expect((await ledger(h.dataSource, subject)).map((r) => [r.event_id, r.amount])).toEqual([
      [v2.id, 11],
      [note.id, null],
    ]);
    expect(await parkedRows(groupId)).toEqual([]);

    const v1 = envelope(entryRecordedV1.type, { amount: 2 }, { subjectKey: subject, streamVersion: 3 });
    await h.publish(topic, [v1]);
    await waitFor(() => upgraded.processed.find((r) => r.eventId === v1.id), { description: 'the v1 entry' });
    expect(seenCurrencies).toEqual(['EUR', 'CNY']);
  });

  it('dead-letters a parked event that keeps failing once unblocked, and lets the subject’s queue move on', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const entry = envelope(entryRecordedV1.type, { amount: 13 }, { subjectKey: subject });
    const note = envelope(noteAddedV1.type, { text: 'behind the bad entry' }, { subjectKey: subject, streamVersion: 2 });
    let ready = false;
    const tries: number[] = [];
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      maxAttempts: 3,
      handlerFor: (type) =>
        type === entryRecordedV1.type
          ? async (_event, ctx) => {
              tries.push(ctx.attempt);
              if (!ready) throw new EventNotReadyError('not yet', 50);
              throw new Error('ledger closed for this subject');
            }
          : handlerFor(type),
    });
    await consumer.start();
    await h.publish(topic, [entry, note]);
    await waitFor(() => processed.length === 2, { timeoutMs: 20_000, description: 'both parked' });
    ready = true;
    await waitFor(() => processed.find((r) => r.eventId === note.id && r.outcome === 'applied'), {
      timeoutMs: 20_000,
      description: 'the note applied after the entry is dead-lettered',
    });
    expect(processed.map((r) => [r.eventId, r.outcome, r.fromParked])).toEqual([
      [entry.id, 'parked', false],
      [note.id, 'parked', false],
      [entry.id, 'dead-lettered', true],
      [note.id, 'applied', true],
    ]);
    // Not-ready tries do not count towards maxAttempts; the three failures do.
    expect(tries.length).toBeGreaterThanOrEqual(4);
    expect(await parkedRows(groupId)).toEqual([]);
    const dead = await h.dataSource.query(
      `SELECT event_id, reason, error_message, attempts FROM dead_letters WHERE consumer_group = $1`,
      [groupId],
    );
    expect(dead).toEqual([
      { event_id: entry.id, reason: 'handler-failed', error_message: 'Error: ledger closed for this subject', attempts: 3 },
    ]);
    expect((await ledger(h.dataSource, subject)).map((r) => r.event_id)).toEqual([note.id]);
  });
});

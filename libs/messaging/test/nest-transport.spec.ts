import 'reflect-metadata';
import { dlqTopic, EventEnvelope } from '@credit/contracts';
import { uniqueName, waitFor } from '@credit/testing';
import { Controller, INestApplication, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { defer, Observable } from 'rxjs';
import { CreditKafkaServer, DLQ_HEADERS, EventNotReadyError, InboxContext, InboxExceptionFilter, ProcessedRecord } from '../src';
import { accountOpenedV1, createHarness, entryRecordedV1, envelope, Harness, ledger, noteAddedV1, readTopic, registryV1, subjectKey } from './support';

jest.setTimeout(60_000);

/** Written as most reaction controllers are: no exception filter. */
@Controller()
class LedgerReactions {
  @EventPattern(entryRecordedV1.type)
  async onEntryRecorded(@Payload() event: EventEnvelope<{ amount: number }>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.amount < 0) throw new RangeError(`negative amount ${event.data.amount}`);
    const open = await ctx.manager.query(`SELECT 1 FROM accounts WHERE subject_key = $1`, [event.subjectKey]);
    if (open.length === 0) throw new EventNotReadyError(`account of ${event.subjectKey} not opened yet`);
    await ctx.manager.query(`INSERT INTO ledger_entries (subject_key, event_id, kind, amount) VALUES ($1, $2, 'entry', $3)`, [
      event.subjectKey,
      event.id,
      event.data.amount,
    ]);
  }

  @EventPattern(accountOpenedV1.type)
  async onAccountOpened(@Payload() event: EventEnvelope<{ subjectKey: string }>, @Ctx() ctx: InboxContext): Promise<void> {
    await ctx.manager.query(`INSERT INTO accounts (subject_key) VALUES ($1)`, [event.data.subjectKey]);
  }
}

@Controller()
@UseFilters(InboxExceptionFilter)
class NoteReactions {
  /** Returns an Observable: the transaction must wait for it to complete. */
  @EventPattern(noteAddedV1.type)
  onNoteAdded(@Payload() event: EventEnvelope<{ text: string }>, @Ctx() ctx: InboxContext): Observable<unknown> {
    return defer(async () => {
      if (event.data.text === 'refuse') throw new RangeError('this note is refused');
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ctx.manager.query(`INSERT INTO ledger_entries (subject_key, event_id, kind) VALUES ($1, $2, 'note')`, [
        event.subjectKey,
        event.id,
      ]);
    });
  }
}

describe('CreditKafkaServer: a Nest hybrid application consumes through the inbox', () => {
  let h: Harness;
  let app: INestApplication;
  let topic: string;
  let groupId: string;
  let server: CreditKafkaServer;
  const processed: ProcessedRecord[] = [];

  beforeAll(async () => {
    h = await createHarness('messaging_nest');
    topic = await h.freshTopic();
    groupId = uniqueName('nest-group');
    const moduleRef = await Test.createTestingModule({ controllers: [LedgerReactions, NoteReactions] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    server = new CreditKafkaServer({
      kafka: h.kafka,
      groupId,
      topics: [topic],
      dataSource: h.dataSource,
      registry: registryV1(),
      maxAttempts: 2,
      backoffMs: { initial: 50, max: 100 },
      parkedRetryIntervalMs: 200,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      maxWaitTimeMs: 200,
      lagIntervalMs: 0,
      onProcessed: (record) => processed.push(record),
    });
    app.connectMicroservice({ strategy: server });
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await h.close();
  });

  it('routes events by type to @EventPattern handlers that write through ctx.manager, once', async () => {
    const subject = subjectKey();
    await h.dataSource.query(`INSERT INTO accounts (subject_key) VALUES ($1)`, [subject]);
    const entry = envelope(entryRecordedV1.type, { amount: 8 }, { subjectKey: subject });
    const note = envelope(noteAddedV1.type, { text: 'through an Observable' }, { subjectKey: subject, streamVersion: 2 });
    await h.publish(topic, [entry, note, entry]);

    await waitFor(() => processed.filter((r) => r.eventId === entry.id || r.eventId === note.id).length === 3, {
      timeoutMs: 20_000,
      description: 'three records processed',
    });
    expect(processed.filter((r) => r.eventId === entry.id || r.eventId === note.id).map((r) => r.outcome)).toEqual([
      'applied',
      'applied',
      'duplicate',
    ]);
    expect(await ledger(h.dataSource, subject)).toEqual([
      { event_id: entry.id, kind: 'entry', amount: 8 },
      { event_id: note.id, kind: 'note', amount: null },
    ]);
    expect(server.unwrap()).toBe(server.inboxConsumer?.kafkaConsumer);
  });

  it('parks an event whose handler throws EventNotReadyError through Nest, and applies it when the dependency arrives', async () => {
    const subject = subjectKey();
    const entry = envelope(entryRecordedV1.type, { amount: 21 }, { subjectKey: subject });
    await h.publish(topic, [entry]);
    await waitFor(() => processed.find((r) => r.eventId === entry.id), { timeoutMs: 20_000, description: 'the entry parked' });
    expect(processed.find((r) => r.eventId === entry.id)?.outcome).toBe('parked');

    const opened = envelope(accountOpenedV1.type, { subjectKey: subject }, { subjectKey: null, stream: `account-${subject}` });
    await h.publish(topic, [opened]);
    await waitFor(async () => (await ledger(h.dataSource, subject)).length === 1, {
      timeoutMs: 20_000,
      description: 'the parked entry applied',
    });
    expect(processed.filter((r) => r.eventId === entry.id).map((r) => [r.outcome, r.fromParked])).toEqual([
      ['parked', false],
      ['applied', true],
    ]);
  });

  it('dead-letters a failing handler after maxAttempts, with its own error message under InboxExceptionFilter', async () => {
    const subject = subjectKey();
    const refused = envelope(noteAddedV1.type, { text: 'refuse' }, { subjectKey: subject });
    const negative = envelope(entryRecordedV1.type, { amount: -3 }, { subjectKey: subject, streamVersion: 2 });
    await h.publish(topic, [refused, negative]);
    await waitFor(() => processed.find((r) => r.eventId === negative.id), { timeoutMs: 20_000, description: 'both handled' });
    expect(processed.filter((r) => r.eventId === refused.id || r.eventId === negative.id).map((r) => r.outcome)).toEqual([
      'dead-lettered',
      'dead-lettered',
    ]);
    const dead = await readTopic(h.kafka, dlqTopic(topic, groupId), 2);
    expect(dead.map((d) => [d.headers.id, d.headers[DLQ_HEADERS.attempts]])).toEqual([
      [refused.id, '2'],
      [negative.id, '2'],
    ]);
    expect(dead[0].headers[DLQ_HEADERS.error]).toBe('RangeError: this note is refused');
    // Without the filter Nest hands back only its generic RPC error; the header says where the original is.
    expect(dead[1].headers[DLQ_HEADERS.error]).toMatch(/^HandlerError: Internal server error \(.*InboxExceptionFilter/);
  });
});

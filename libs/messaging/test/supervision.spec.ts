import { uniqueName, waitFor } from '@credit/testing';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { register } from 'prom-client';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, ledger, subjectKey } from './support';

jest.setTimeout(90_000);

/**
 * kafkajs does not restart a consumer after a non-retriable error (after a broker restart, "The
 * coordinator is not aware of this member" on an offset commit is one): the platform does. The
 * crash is made here where the platform's own tests make crashes, between the effect's COMMIT and
 * the offset commit, with the error kafkajs gives up on.
 */
describe('InboxConsumer supervision', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_supervision');
  });

  afterAll(async () => {
    await h.close();
  });

  async function restartsOf(groupId: string): Promise<number> {
    const metric = (await register.getSingleMetric('consumer_restarts_total')?.get())?.values.find((v) => v.labels.group === groupId);
    return metric?.value ?? 0;
  }

  it('restarts a consumer the client gave up on: health down meanwhile, up again, nothing lost, no effect doubled', async () => {
    const topic = await h.freshTopic();
    const groupId = uniqueName('supervised');
    const subject = subjectKey();
    let crashes = 0;
    const { consumer, processed } = h.consumer({
      topics: [topic],
      groupId,
      restartBackoffMs: { initial: 100, max: 500 },
      handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined),
      afterCommit: () => {
        if (crashes++ === 0) throw new KafkaJSNonRetriableError('The coordinator is not aware of this member');
      },
    });
    await consumer.start();
    await waitFor(() => consumer.state === 'running', { timeoutMs: 30_000, description: 'the consumer joined its group' });
    expect(consumer.health()).toEqual({ status: 'up' });

    const first = envelope(entryRecordedV1.type, { amount: 1 }, { subjectKey: subject });
    await h.publish(topic, [first]);
    // The crash: the client does not restart the consumer, the platform does, in the same group.
    await waitFor(() => consumer.state !== 'running', { timeoutMs: 20_000, description: 'the consumer crashed' });
    expect(consumer.health()).toMatchObject({ status: 'down', message: expect.stringMatching(/restarting|starting/) });
    await waitFor(() => consumer.state === 'running', { timeoutMs: 30_000, description: 'the consumer restarted' });
    expect(await restartsOf(groupId)).toBe(1);
    expect(consumer.health()).toEqual({ status: 'up' });

    const second = envelope(entryRecordedV1.type, { amount: 2 }, { subjectKey: subject });
    await h.publish(topic, [second]);
    await waitFor(() => processed.some((r) => r.eventId === second.id), { timeoutMs: 30_000, description: 'the next event processed' });
    // The record in hand at the crash came again and was a no-op; each effect once.
    expect(processed.filter((r) => r.eventId === first.id).map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
    expect((await ledger(h.dataSource, subject)).map((row) => row.amount)).toEqual([1, 2]);
    await consumer.stop();
    expect(consumer.state).toBe('stopped');
  });

  it('without supervision the same crash leaves the consumer dead, and health says so', async () => {
    const topic = await h.freshTopic();
    const { consumer } = h.consumer({
      topics: [topic],
      supervise: false,
      handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined),
      afterCommit: () => {
        throw new KafkaJSNonRetriableError('The coordinator is not aware of this member');
      },
    });
    await consumer.start();
    await h.publish(topic, [envelope(entryRecordedV1.type, { amount: 3 }, { subjectKey: subjectKey() })]);
    await waitFor(() => consumer.state === 'crashed', { timeoutMs: 30_000, description: 'the consumer crashed for good' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(consumer.state).toBe('crashed');
    expect(consumer.health()).toMatchObject({ status: 'down', message: expect.stringContaining('crashed') });
    await consumer.stop();
  });

  it('counts a consumer with lag and no progress as down once the stall time has passed', async () => {
    const topic = await h.freshTopic();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { consumer } = h.consumer({
      topics: [topic],
      stallAfterMs: 1_000,
      handlerFor: (type) => (type === entryRecordedV1.type ? async () => blocked : undefined),
    });
    await consumer.start();
    await waitFor(() => consumer.state === 'running', { timeoutMs: 30_000, description: 'the consumer joined its group' });
    await h.publish(topic, [envelope(entryRecordedV1.type, { amount: 4 }, { subjectKey: subjectKey() }), envelope(entryRecordedV1.type, { amount: 5 }, { subjectKey: subjectKey() })]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await consumer.measureLag();
    expect(consumer.health(Date.now() + 1_000)).toMatchObject({ status: 'down', message: expect.stringMatching(/lag \d+ and processed nothing/) });
    release();
    await waitFor(async () => (await consumer.measureLag()).every((p) => p.lag === 0) || undefined, { timeoutMs: 30_000, description: 'caught up' });
    expect(consumer.health()).toEqual({ status: 'up' });
    await consumer.stop();
  });
});

import { testInfra, waitFor } from '@credit/testing';
import { Client } from 'pg';
import { bookEntry, createHarness, entryRecordedV1, envelope, Harness, ledger, subjectKey } from './support';

jest.setTimeout(60_000);

describe('InboxConsumer: a database outage is waited out, never held against the event', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('messaging_outage');
  });

  afterAll(async () => {
    await setConnectionsAllowed(true).catch(() => undefined);
    await h.close();
  });

  async function setConnectionsAllowed(allowed: boolean): Promise<void> {
    const admin = new Client({ connectionString: testInfra().adminDatabaseUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${h.db.name}" ALLOW_CONNECTIONS ${allowed ? 'true' : 'false'}`);
      if (!allowed) {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
          h.db.name,
        ]);
      }
    } finally {
      await admin.end();
    }
  }

  it('keeps the record (and the partition) waiting while PostgreSQL is unreachable, then applies it once', async () => {
    const topic = await h.freshTopic();
    const subject = subjectKey();
    const { consumer, processed, groupId } = h.consumer({
      topics: [topic],
      maxAttempts: 2,
      handlerFor: (type) => (type === entryRecordedV1.type ? bookEntry : undefined),
    });
    await consumer.start();
    const warmUp = envelope(entryRecordedV1.type, { amount: 1 }, { subjectKey: subject });
    await h.publish(topic, [warmUp]);
    await waitFor(() => processed.length === 1, { timeoutMs: 20_000, description: 'the first event' });

    await setConnectionsAllowed(false);
    const during = envelope(entryRecordedV1.type, { amount: 2 }, { subjectKey: subject, streamVersion: 2 });
    await h.publish(topic, [during]);
    // Well beyond maxAttempts × backoff: a handler failure would have been dead-lettered by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(processed).toHaveLength(1);

    await setConnectionsAllowed(true);
    await waitFor(() => processed.length === 2, { timeoutMs: 30_000, description: 'the event applied after the outage' });
    expect(processed[1]).toMatchObject({ eventId: during.id, outcome: 'applied' });
    expect((await ledger(h.dataSource, subject)).map((r) => r.amount)).toEqual([1, 2]);
    expect(await h.dataSource.query(`SELECT 1 FROM dead_letters WHERE consumer_group = $1`, [groupId])).toEqual([]);
  });
});

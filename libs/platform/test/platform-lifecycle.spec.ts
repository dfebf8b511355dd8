import { dlqTopic, newEventId, type EventEnvelope } from '@credit/contracts';
import { OutboxRelay } from '@credit/event-store';
import { createKafka, DLQ_HEADERS, KafkaPublisher } from '@credit/messaging';
import { createTestDatabase, KafkaProbe, testInfra, uniqueName, waitFor, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createPlatformApp, PlatformLifecycle, startConsumer } from '../src';
import { LogCapture } from './support/log-capture';
import { consumed, FAILING_EVENT_TYPE, SAMPLE_EVENT_TYPE, sampleAppModule, sampleRegistry } from './support/sample-app';
import { TEST_JWT_SECRET } from './support/tokens';

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('platform start-up and readiness', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('platform_lifecycle');
  });

  afterAll(async () => {
    await db?.drop();
  });

  const baseEnv = () => ({
    DATABASE_URL: db.url,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SAMPLE_SECRET: 'sample-secret',
  });

  it('comes up without Kafka, answers /health with 503 naming Kafka, stays live, and shuts down promptly', async () => {
    const logs = new LogCapture();
    const app = await createPlatformApp(sampleAppModule(), {
      env: { ...baseEnv(), KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, HEALTH_CHECK_TIMEOUT_MS: '1000' },
      logDestination: logs,
    });
    await app.init();
    try {
      const started = Date.now();
      const res = await request(app.getHttpServer()).get('/health');
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('error');
      expect(res.body.service).toBe('platform-sample');
      expect(res.body.checks.postgres).toEqual({ status: 'up' });
      expect(res.body.checks.kafka.status).toBe('down');
      expect(res.body.checks.kafka.message).toEqual(expect.any(String));

      expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
      await waitFor(() => logs.records().some((r) => r.context === 'Platform' && /Kafka not ready/.test(r.msg)));
      expect(app.get(OutboxRelay).isLeader).toBe(false);
    } finally {
      const closing = Date.now();
      await app.close();
      expect(Date.now() - closing).toBeLessThan(5_000);
    }
  });

  it('answers /health with 503 naming PostgreSQL while the database refuses connections, and recovers', async () => {
    const app = await createPlatformApp(sampleAppModule(), {
      env: { ...baseEnv(), KAFKA_BROKERS: testInfra().kafkaBrokers.join(','), RELAY_ENABLED: 'false', HEALTH_CHECK_TIMEOUT_MS: '1000' },
      logDestination: new LogCapture(),
    });
    await app.init();
    const admin = new Client({ connectionString: testInfra().adminDatabaseUrl });
    await admin.connect();
    try {
      // An outage as the service sees it: its connections are cut and new ones are refused.
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
      const down = await request(app.getHttpServer()).get('/health');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('error');
      expect(down.body.checks.postgres.status).toBe('down');
      expect(down.body.checks.postgres.message).toEqual(expect.any(String));
      expect(down.body.checks.kafka).toEqual({ status: 'up' });

      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      const up = await request(app.getHttpServer()).get('/health');
      expect(up.status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await app.close();
    }
  });

  it('starts the outbox relay once Kafka is ready, runs the migrations once, and stops the relay on shutdown', async () => {
    const app = await createPlatformApp(sampleAppModule(), {
      env: { ...baseEnv(), KAFKA_BROKERS: testInfra().kafkaBrokers.join(',') },
      logDestination: new LogCapture(),
    });
    await app.init();
    const relay = app.get(OutboxRelay);
    try {
      await app.get(PlatformLifecycle).whenKafkaReady();
      await waitFor(() => relay.isLeader, { description: 'the relay to take the leader lock' });
      const migrations: { name: string }[] = await app.get(DataSource).query('SELECT name FROM migrations ORDER BY id');
      const names = migrations.map((m) => m.name);
      expect(names).toContain('PlatformIdempotencyRecords1735700000000');
      expect(new Set(names).size).toBe(names.length);
    } finally {
      await app.close();
    }
    expect(relay.isLeader).toBe(false);
  });
});

describe('the event consumer of a service', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('platform_consumer');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("consumes its topics once they exist, and dead-letters a failing event with the handler's own error", async () => {
    const topic = uniqueName('platform-sample-in');
    const groupId = uniqueName('platform-sample');
    consumed.length = 0;
    const app = await createPlatformApp(
      sampleAppModule({ consumer: { groupId, topics: [topic], registry: sampleRegistry, maxAttempts: 1, lagIntervalMs: 0 } }),
      {
        env: {
          DATABASE_URL: db.url,
          KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
          AUTH_JWT_SECRET: TEST_JWT_SECRET,
          SAMPLE_SECRET: 'sample-secret',
          RELAY_ENABLED: 'false',
        },
        logDestination: new LogCapture(),
      },
    );
    await app.init();
    const publisher = new KafkaPublisher(createKafka({ brokers: testInfra().kafkaBrokers, clientId: uniqueName('platform-test') }));
    let probe: KafkaProbe | undefined;
    try {
      await startConsumer(app);
      probe = await KafkaProbe.start({ topic: dlqTopic(topic, groupId) });
      const ok = sampleEvent(SAMPLE_EVENT_TYPE);
      const failing = sampleEvent(FAILING_EVENT_TYPE);
      await publisher.publish([failing, ok].map((event) => ({ topic, key: event.stream, value: JSON.stringify(event) })));

      await waitFor(() => consumed.some((event) => event.id === ok.id), { description: 'the sample event to be consumed' });
      await probe.waitForMessage((event) => event.id === failing.id);
      const dead = probe.messages.find((m) => m.envelope?.id === failing.id)!;
      expect(dead.headers[DLQ_HEADERS.error]).toContain('sample projection table is missing');
    } finally {
      await probe?.stop();
      await publisher.disconnect();
      await app.close();
    }
  });
});

function sampleEvent(type: string): EventEnvelope {
  const now = new Date().toISOString();
  return {
    id: newEventId(),
    type,
    version: 1,
    stream: `sample-${randomUUID()}`,
    streamVersion: 1,
    subjectKey: null,
    occurredAt: now,
    recordedAt: now,
    correlationId: 'consumer-test',
    causationId: null,
    actor: { departmentCode: '11450100MB0000000X' },
    data: { name: '样例' },
  };
}

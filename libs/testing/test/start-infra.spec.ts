import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createTestDatabase, startTestInfra, stopTestInfra, testInfra } from '../src';

describe('startTestInfra', () => {
  const saved = { ...process.env };
  afterEach(async () => {
    await stopTestInfra();
    for (const key of ['KAFKA_BROKERS', 'DATABASE_URL', 'CREDIT_TEST_INFRA']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('uses KAFKA_BROKERS and DATABASE_URL as given', async () => {
    process.env.KAFKA_BROKERS = '10.9.8.7:9092';
    process.env.DATABASE_URL = 'postgres://someone@10.9.8.7:5432/x';
    const infra = await startTestInfra();
    expect(infra).toMatchObject({
      kafkaBrokers: ['10.9.8.7:9092'],
      databaseUrl: 'postgres://someone@10.9.8.7:5432/x',
      source: { kafka: 'environment', database: 'environment' },
    });
  });

  // The no-Docker path; a run told to use Docker (CREDIT_TEST_INFRA=docker) may lack Java and Maven for it.
  const onLocalServers = saved.CREDIT_TEST_INFRA === 'docker' ? it.skip : it;

  onLocalServers('without them, brings up the local servers (deploy/local) and exports their addresses', async () => {
    delete process.env.KAFKA_BROKERS;
    delete process.env.DATABASE_URL;
    process.env.CREDIT_TEST_INFRA = 'local';
    const infra = await startTestInfra();
    expect(infra.source).toEqual({ kafka: 'local', database: 'local' });
    expect(process.env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(process.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(testInfra()).toEqual({ kafkaBrokers: ['127.0.0.1:9092'], adminDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres' });
    // The servers really answer.
    const admin = new Kafka({ clientId: 'infra-spec', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers.length).toBeGreaterThan(0);
    await admin.disconnect();
    const db = await createTestDatabase('infra_spec');
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('SELECT current_database() AS name')).rows[0].name).toBe(db.name);
      await client.end();
    } finally {
      await db.drop();
    }
  });

  it('starts once per process: concurrent callers share one start', async () => {
    process.env.KAFKA_BROKERS = '10.1.1.1:9092';
    process.env.DATABASE_URL = 'postgres://a@10.1.1.1/b';
    const [a, b] = await Promise.all([startTestInfra(), startTestInfra()]);
    expect(a).toBe(b);
  });

  it('rejects an unknown CREDIT_TEST_INFRA instead of guessing', async () => {
    delete process.env.KAFKA_BROKERS;
    process.env.CREDIT_TEST_INFRA = 'cloud';
    await expect(startTestInfra()).rejects.toThrow(/CREDIT_TEST_INFRA must be 'local' or 'docker'/);
  });
});

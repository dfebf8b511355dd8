import { newEventId, type EventEnvelope } from '@credit/contracts';
import { createKafka, KafkaPublisher } from '@credit/messaging';
import { createTestDatabase, testInfra, uniqueName, waitFor, type TestDatabase } from '@credit/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SAMPLE_EVENT_TYPE } from './support/sample-app';
import { TEST_JWT_SECRET } from './support/tokens';

/** A sample service started as operators start one: its own process, configured by environment. */
class SampleProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', join(__dirname, 'support/register-ts.js'), join(__dirname, 'support/sample-main.ts')], {
      // Only what is given: nothing leaks in from the developer's or CI's environment.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  logMessages(): string[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('bootstrapService (main.ts) as a process', () => {
  let running: SampleProcess | undefined;

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
  });

  it('stops with exit code 1 and one line per bad variable, naming it, without a stack trace', async () => {
    running = new SampleProcess({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db.internal/credit',
      KAFKA_BROKERS: '',
      AUTH_JWT_SECRET: 'too-short',
    });
    const exit = await running.exited;
    expect(exit.code).toBe(1);
    expect(running.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: PORT must be an integer port number between 1 and 65535',
      'Invalid configuration: DATABASE_URL must be a postgres:// URL',
      'Invalid configuration: KAFKA_BROKERS is required (comma-separated host:port list)',
      'Invalid configuration: AUTH_JWT_SECRET must be at least 32 characters long',
      'Invalid configuration: SAMPLE_SECRET is required',
    ]);
    expect(running.stdout).toBe('');
  });

  describe('with a valid configuration', () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase('platform_process');
    });

    afterAll(async () => {
      await db?.drop();
    });

    it('listens, reports health, consumes its topic, and shuts down cleanly on SIGTERM', async () => {
      const port = await freePort();
      const topic = uniqueName('platform-sample-in');
      running = new SampleProcess({
        PORT: String(port),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        SAMPLE_SECRET: 'sample-secret',
        SAMPLE_CONSUMER_TOPIC: topic,
        SAMPLE_CONSUMER_GROUP: uniqueName('platform-sample'),
        // Nothing is appended here, but the shared topics are not this test's to write to.
        RELAY_ENABLED: 'false',
      });
      const proc = running;
      await waitFor(() => proc.logMessages().includes(`platform-sample listening on http://127.0.0.1:${port}`), {
        timeoutMs: 60_000,
        description: `the listening line (stderr: ${proc.stderr})`,
      });

      // 503 until the event consumer has joined its group (it is named among the checks), then 200.
      const health = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/health`);
          return response.status === 200 ? response.json() : undefined;
        },
        { timeoutMs: 60_000, description: 'GET /health 200' },
      );
      expect(health).toMatchObject({ status: 'ok', service: 'platform-sample', checks: { postgres: { status: 'up' }, kafka: { status: 'up' }, consumer: { status: 'up' } } });

      await waitFor(() => proc.logMessages().includes('event consumer started'), { timeoutMs: 60_000 });
      const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: uniqueName('platform-test') });
      const publisher = new KafkaPublisher(kafka);
      const now = new Date().toISOString();
      const event: EventEnvelope = {
        id: newEventId(),
        type: SAMPLE_EVENT_TYPE,
        version: 1,
        stream: 'sample-1',
        streamVersion: 1,
        subjectKey: null,
        occurredAt: now,
        recordedAt: now,
        correlationId: 'process-test',
        causationId: null,
        actor: { departmentCode: '11450100MB0000000X' },
        data: { name: '样例' },
      };
      try {
        await publisher.publish([{ topic, key: event.stream, value: JSON.stringify(event), headers: { id: event.id, type: event.type } }]);
      } finally {
        await publisher.disconnect();
      }
      await waitFor(() => proc.logMessages().includes(`consumed sample event ${event.id}`), { timeoutMs: 30_000 });

      const started = Date.now();
      proc.child.kill('SIGTERM');
      const exit = await proc.exited;
      expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(proc.stderr).toBe('');
    });
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { devEnv, freePort, localDir, ServiceProcess, startTestInfra, testInfra } from '../src';

const FIXTURE = 'libs/testing/test/fixtures/fake-service.mjs';

describe('ServiceProcess', () => {
  const started: ServiceProcess[] = [];
  const launch = async (env: Record<string, string | undefined> = {}) => {
    const service = ServiceProcess.start({ name: 'fake-service', port: await freePort(), entry: FIXTURE, env });
    started.push(service);
    return service;
  };

  beforeAll(() => startTestInfra());
  afterAll(async () => {
    await Promise.all(started.map((s) => s.kill('SIGKILL')));
    // The fixture's logs are of no use after the run; a real service's are kept for the post-mortem.
    const logs = join(localDir(), 'logs');
    for (const file of readdirSync(logs)) if (file.startsWith('test-fake-service-')) rmSync(join(logs, file), { force: true });
  });

  it('starts a service with the dev env, the test infrastructure and its own database, and waits for /health', async () => {
    const service = await launch({ FAKE_HEALTH_DELAY_MS: '600', LOG_LEVEL: 'debug' });
    const before = Date.now();
    await service.waitHealthy(10_000);
    expect(Date.now() - before).toBeGreaterThanOrEqual(300);
    const env = (await (await fetch(`${service.url}/env`)).json()) as Record<string, unknown>;
    const database = new URL(testInfra().adminDatabaseUrl);
    database.pathname = '/credit_fake_service';
    expect(env).toEqual({
      PORT: String(service.port),
      DATABASE_URL: database.toString(),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      LOG_LEVEL: 'debug',
      hasJwtSecret: true,
    });
    expect(service.env.AUTH_JWT_SECRET).toBe(process.env.AUTH_JWT_SECRET ?? devEnv().AUTH_JWT_SECRET);
  });

  it('turns the per-caller rate limits off, unless the test turns them on', () => {
    const off = new ServiceProcess({ name: 'fake-service', port: 1, entry: FIXTURE });
    expect(off.env).toMatchObject({ RATE_LIMIT_PUBLIC_PER_MINUTE: '0', RATE_LIMIT_WRITE_PER_MINUTE: '0' });
    const on = new ServiceProcess({ name: 'fake-service', port: 1, entry: FIXTURE, env: { RATE_LIMIT_WRITE_PER_MINUTE: '5' } });
    expect(on.env).toMatchObject({ RATE_LIMIT_PUBLIC_PER_MINUTE: '0', RATE_LIMIT_WRITE_PER_MINUTE: '5' });
  });

  it('captures stdout and stderr in memory and in .local/logs, and stops gracefully on SIGTERM', async () => {
    const service = await launch();
    await service.waitHealthy(10_000);
    expect(service.logs()).toContain('fake service: plain text on stderr');
    expect(service.logRecords()).toContainEqual(expect.objectContaining({ msg: 'listening', port: service.port }));
    const logFile = join(localDir(), 'logs', `test-fake-service-${service.pid}.log`);
    expect(service.logFilePath).toBe(logFile);
    const exit = await service.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.running).toBe(false);
    expect(service.logs()).toContain('"msg":"shutting down"');
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toContain('"msg":"shutting down"');
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const service = await launch({ FAKE_IGNORE_SIGTERM: '1' });
    await service.waitHealthy(10_000);
    const exit = await service.stop(500);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(service.logs()).toContain('SIGTERM ignored');
  });

  it('kill() crashes the process, and the same object can start it again', async () => {
    const service = await launch();
    await service.waitHealthy(10_000);
    const firstPid = service.pid;
    await expect(service.kill()).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
    service.start();
    await service.waitHealthy(10_000);
    expect(service.pid).not.toBe(firstPid);
  });

  it('fails waitHealthy at once, with the output, when the service exits during start-up', async () => {
    const service = await launch({ FAKE_HEALTH_DELAY_MS: '60000', FAKE_CRASH_AFTER_MS: '200' });
    const before = Date.now();
    await expect(service.waitHealthy(30_000)).rejects.toThrow(/fake-service exited before becoming healthy \(code 3[\s\S]*fatal start-up error/);
    expect(Date.now() - before).toBeLessThan(10_000);
  });

  it('reports a health check that never passes', async () => {
    const service = await launch({ FAKE_HEALTH_DELAY_MS: '60000' });
    await expect(service.waitHealthy(800)).rejects.toThrow(/not healthy after 800 ms \(last: HTTP 503/);
  });

  it('launch() creates the default database, starts and waits; a failed launch leaves no process behind', async () => {
    // A service name of its own, so that its credit_<name> database is this test's alone.
    const name = `fake-service-${randomBytes(4).toString('hex')}`;
    const database = `credit_${name.replace(/-/g, '_')}`;
    const admin = new Client({ connectionString: testInfra().adminDatabaseUrl });
    await admin.connect();
    try {
      const service = await ServiceProcess.launch({ name, port: await freePort(), entry: FIXTURE, env: { FAKE_HEALTH_DELAY_MS: '300' } });
      started.push(service);
      expect(service.running).toBe(true);
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount).toBe(1);
      const env = (await (await fetch(`${service.url}/env`)).json()) as Record<string, string>;
      expect(new URL(env.DATABASE_URL).pathname).toBe(`/${database}`);

      const port = await freePort();
      await expect(
        ServiceProcess.launch({ name, port, entry: FIXTURE, env: { DATABASE_URL: 'postgres://unused/x', FAKE_HEALTH_DELAY_MS: '60000' } }, 700),
      ).rejects.toThrow(/not healthy after 700 ms/);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      await service.stop();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('refuses to start a service that has not been built', () => {
    expect(() => ServiceProcess.start({ name: 'subject-registry', port: 1, entry: 'services/subject-registry/dist/not-built.js' })).toThrow(
      /does not exist: build first/,
    );
  });
});

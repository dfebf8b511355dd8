import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, repoRoot, waitFor } from '@credit/testing';

/**
 * deploy/local/platform.sh on a checkout where one service is built, one exists but is not built
 * and one is absent. Kafka and PostgreSQL are stand-ins that record how they were called (the real
 * kafka.sh and postgres.sh are exercised by the test harness itself, which starts the real
 * servers with them); the service is a real node process serving /health.
 */
const root = repoRoot();

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('deploy/local/platform.sh', () => {
  let checkout: string;
  let servicePort: number;
  let kafkaPort: number;
  let env: NodeJS.ProcessEnv;
  const platform = (...args: string[]) => run('bash', [join(checkout, 'deploy/local/platform.sh'), ...args], { cwd: checkout, env });
  const calls = () => (existsSync(join(checkout, 'calls.log')) ? readFileSync(join(checkout, 'calls.log'), 'utf8') : '');
  const pidFile = () => join(checkout, '.local/run/subject-registry.pid');

  const write = (path: string, text: string, mode?: number) => {
    const file = join(checkout, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (mode) chmodSync(file, mode);
  };

  beforeAll(async () => {
    checkout = mkdtempSync(join(tmpdir(), 'platform-'));
    servicePort = await freePort();
    kafkaPort = await freePort();
    mkdirSync(join(checkout, 'deploy/local'), { recursive: true });
    for (const file of ['platform.sh', 'common.sh', 'dev.env']) copyFileSync(join(root, 'deploy/local', file), join(checkout, 'deploy/local', file));
    write('deploy/local/services.txt', `# test catalog\nsubject-registry ${servicePort}\ndouble-publicity ${await freePort()}\ncommitments ${await freePort()}\n`);
    const record = (name: string) => `#!/usr/bin/env bash\necho "${name} $*" >> "${checkout}/calls.log"\n`;
    // A broker stand-in that really listens, so that `up` can see it is already there.
    write(
      'deploy/local/kafka.sh',
      record('kafka.sh') +
        `pidfile="${checkout}/kafka-stub.pid"
case "$1" in
  start)
    nohup node -e "require('net').createServer((s) => s.end()).listen(${kafkaPort}, '127.0.0.1')" >/dev/null 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/${kafkaPort}) 2>/dev/null && exit 0; sleep 0.1; done; exit 1 ;;
  stop) kill "$(cat "$pidfile")"; rm -f "$pidfile" ;;
  status) if [ -f "$pidfile" ]; then echo "running (stand-in)"; else echo stopped; exit 1; fi ;;
esac
`,
      0o755,
    );
    write('deploy/local/postgres.sh', record('postgres.sh'), 0o755);
    write('package.json', JSON.stringify({ name: 'checkout', private: true, scripts: { build: "node -e \"require('fs').writeFileSync('built.marker', 'yes')\"" } }));
    write('package-lock.json', '{}');
    // Installed after the lock file changed: `up` must not run npm ci.
    write('node_modules/.package-lock.json', '{}');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(checkout, 'node_modules/.package-lock.json'), later, later);
    write('services/subject-registry/package.json', JSON.stringify({ name: '@credit/subject-registry', type: 'module' }));
    mkdirSync(join(checkout, 'services/subject-registry/dist'), { recursive: true });
    copyFileSync(join(root, 'libs/testing/test/fixtures/fake-service.mjs'), join(checkout, 'services/subject-registry/dist/main.js'));
    write('services/double-publicity/package.json', JSON.stringify({ name: '@credit/double-publicity' }));
    env = { PATH: process.env.PATH, HOME: process.env.HOME, KAFKA_PORT: String(kafkaPort), SERVICE_HEALTH_TIMEOUT: '20', LOG_LEVEL: 'debug' };
  });

  afterAll(async () => {
    if (!checkout) return;
    await platform('down');
    for (const file of [pidFile(), join(checkout, 'kafka-stub.pid')]) {
      const pid = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(checkout, { recursive: true, force: true });
  });

  it('up: starts Kafka and the databases, builds, starts the built service with the dev env, and waits for /health', async () => {
    const result = await platform('up');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(calls()).toContain('kafka.sh start\n');
    // Databases only for the services this checkout has.
    expect(calls()).toContain('postgres.sh ensure credit_subject_registry credit_double_publicity\n');
    expect(readFileSync(join(checkout, 'built.marker'), 'utf8')).toBe('yes');
    expect(existsSync(join(checkout, 'node_modules/.package-lock.json'))).toBe(true);
    expect(result.stdout).toMatch(new RegExp(`subject-registry\\s+http://127\\.0\\.0\\.1:${servicePort}`));
    expect(result.stdout).toContain('not started: double-publicity (no services/double-publicity/dist/main.js: not built)');
    expect(result.stdout).toContain('1 service(s) of deploy/local/services.txt not in this checkout');
    expect(result.stdout).toContain('Stop with: npm run local:down');

    const seen = (await (await fetch(`http://127.0.0.1:${servicePort}/env`)).json()) as Record<string, unknown>;
    expect(seen).toEqual({
      PORT: String(servicePort),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/credit_subject_registry',
      KAFKA_BROKERS: '127.0.0.1:9092',
      // A value exported by the caller wins over dev.env.
      LOG_LEVEL: 'debug',
      hasJwtSecret: true,
    });
    const pid = Number(readFileSync(pidFile(), 'utf8'));
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(['node', 'services/subject-registry/dist/main.js', '']);
    expect(readFileSync(join(checkout, '.local/logs/subject-registry.log'), 'utf8')).toContain('"msg":"listening"');
  });

  it('up again starts no second copy', async () => {
    const pid = Number(readFileSync(pidFile(), 'utf8'));
    const result = await platform('up', '--skip-build');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`subject-registry already running (pid ${pid})`);
    expect(Number(readFileSync(pidFile(), 'utf8'))).toBe(pid);
    expect(result.stderr).toContain(`Kafka already answers on 127.0.0.1:${kafkaPort}`);
    expect(calls().match(/kafka\.sh start/g)).toHaveLength(1);
  });

  it('status lists each service with its process and health', async () => {
    const pid = readFileSync(pidFile(), 'utf8').trim();
    const result = await platform('status');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`subject-registry\\s+${servicePort}\\s+${pid}\\s+running\\s+200 OK`));
    expect(result.stdout).toMatch(/double-publicity\s+\d+\s+-\s+not built/);
    expect(result.stdout).toMatch(/commitments\s+\d+\s+-\s+not in this checkout/);
    expect(result.stdout).toContain('kafka:      running (stand-in)');
  });

  it('down stops exactly what up started, then the Kafka it started', async () => {
    const pid = Number(readFileSync(pidFile(), 'utf8'));
    const result = await platform('down');
    expect(result.code).toBe(0);
    await waitFor(() => !alive(pid), { timeoutMs: 5_000, description: `service pid ${pid} to exit` });
    expect(existsSync(pidFile())).toBe(false);
    expect(calls()).toContain('kafka.sh stop\n');
    expect(existsSync(join(checkout, 'kafka-stub.pid'))).toBe(false);
    expect(readFileSync(join(checkout, '.local/logs/subject-registry.log'), 'utf8')).toContain('"msg":"shutting down"');
    const status = await platform('status');
    expect(status.stdout).toMatch(/subject-registry\s+\d+\s+-\s+stopped/);
  });

  it('up fails, showing the log, when a service dies during start-up', async () => {
    env = { ...env, FAKE_HEALTH_DELAY_MS: '600000', FAKE_CRASH_AFTER_MS: '300' };
    try {
      const result = await platform('up', '--skip-build');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('subject-registry exited during start-up; last lines of');
      expect(result.stderr).toContain('fake service: fatal start-up error');
      expect(result.stderr).toContain('not healthy: subject-registry');
    } finally {
      env = { ...env, FAKE_HEALTH_DELAY_MS: undefined, FAKE_CRASH_AFTER_MS: undefined };
      await platform('down');
    }
  });
});

import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freshConsumerGroup } from './consumer-groups';
import { ensureDatabase, testInfra } from './infra';
import { devEnv, localDir, repoRoot, serviceCatalog, serviceDatabaseName } from './repo';
import { waitFor } from './wait-for';

export interface ServiceProcessOptions {
  /** Directory name under services/, e.g. `subject-registry`. */
  name: string;
  /** Default: the port of deploy/local/services.txt. Tests running beside a local platform pass a free one ({@link freePort}). */
  port?: number;
  /**
   * Variables on top of deploy/local/dev.env, the test infrastructure's `KAFKA_BROKERS`, `PORT`
   * and `DATABASE_URL` (default: the service's own database on the test server), and rate limits
   * off (`RATE_LIMIT_PUBLIC_PER_MINUTE` / `RATE_LIMIT_WRITE_PER_MINUTE` 0). Set a value to
   * `undefined` to remove it.
   */
  env?: Record<string, string | undefined>;
  /** Default `services/<name>/dist/main.js` (compiled output, as in production). */
  entry?: string;
  /** Keep at most this many characters of output in memory (default 2 MB); the log file keeps everything. */
  maxBufferedChars?: number;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A compiled service started as its own process, as an operator runs it: for end-to-end tests that
 * kill and restart services. Output goes to memory (for assertions) and to
 * `.local/logs/test-<name>-<pid>.log` (for the post-mortem of a failed CI run).
 */
export class ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly env: Record<string, string>;
  private child?: ChildProcess;
  private logFile?: WriteStream;
  private logPath?: string;
  private output = '';
  private exitInfo?: ServiceExit;
  private exitPromise?: Promise<ServiceExit>;
  private readonly maxBuffered: number;

  constructor(private readonly options: ServiceProcessOptions) {
    this.name = options.name;
    const catalogued = serviceCatalog().find((s) => s.name === options.name);
    const port = options.port ?? catalogued?.port;
    if (!port) throw new Error(`no port for service ${options.name}: not in deploy/local/services.txt, pass one`);
    this.port = port;
    this.maxBuffered = options.maxBufferedChars ?? 2_000_000;
    const infra = testInfra();
    const database = new URL(infra.adminDatabaseUrl);
    database.pathname = `/${serviceDatabaseName(options.name)}`;
    const merged: Record<string, string | undefined> = {
      ...process.env,
      ...devEnv(),
      // The suites and benchmarks send thousands of requests from 127.0.0.1 under a handful of
      // departments: the per-caller rate limits are off unless a test turns them on through `env`.
      RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
      RATE_LIMIT_WRITE_PER_MINUTE: '0',
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: database.toString(),
      PORT: String(port),
      ...options.env,
    };
    this.env = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Starts a service process; call {@link waitHealthy} before using it. */
  static start(options: ServiceProcessOptions): ServiceProcess {
    const service = new ServiceProcess(options);
    service.start();
    return service;
  }

  /**
   * Creates the service's default database when no `DATABASE_URL` is given, starts the process and
   * waits until it is healthy; a service that does not come up is killed before the error is thrown.
   */
  static async launch(options: ServiceProcessOptions, healthTimeoutMs = 60_000): Promise<ServiceProcess> {
    if (!options.env?.DATABASE_URL) await ensureDatabase(serviceDatabaseName(options.name));
    const service = ServiceProcess.start(options);
    try {
      await service.waitHealthy(healthTimeoutMs);
    } catch (error) {
      await service.kill('SIGKILL');
      throw error;
    }
    return service;
  }

  /**
   * A service under test: its own database, a fresh consumer group starting at the end of both
   * topics (it reads what the test publishes, not the broker's history), a free port; healthy when
   * this resolves. `env` adds or overrides settings.
   */
  static async underTest(name: string, db: { url: string }, env: Record<string, string> = {}, healthTimeoutMs = 90_000): Promise<ServiceProcess> {
    const group = await freshConsumerGroup(`${name}-e2e`);
    return ServiceProcess.launch({ name, port: await freePort(), env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: group, ...env } }, healthTimeoutMs);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The log file of the current (or last) process: `.local/logs/test-<name>-<pid>.log`. */
  get logFilePath(): string | undefined {
    return this.logPath;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  /** Resolves when the process has exited (immediately if it already has). */
  get exited(): Promise<ServiceExit> {
    if (!this.exitPromise) return Promise.reject(new Error(`${this.name} was never started`));
    return this.exitPromise;
  }

  start(): this {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    const root = repoRoot();
    const entry = this.options.entry ?? join('services', this.name, 'dist', 'main.js');
    if (!existsSync(join(root, entry))) {
      throw new Error(`${entry} does not exist: build first (npm run build, or npx tsc -b services/${this.name})`);
    }
    this.exitInfo = undefined;
    const child = spawn(process.execPath, [entry], { cwd: root, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const logs = join(localDir(), 'logs');
    mkdirSync(logs, { recursive: true });
    this.logPath = join(logs, `test-${this.name}-${child.pid}.log`);
    this.logFile = createWriteStream(this.logPath, { flags: 'a' });
    const capture = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.output += text;
      if (this.output.length > this.maxBuffered) this.output = this.output.slice(-this.maxBuffered);
      this.logFile?.write(chunk);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    this.exitPromise = new Promise<ServiceExit>((resolve) => {
      child.once('error', (error) => {
        this.output += `\n[service-process] could not start: ${error.message}\n`;
      });
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        this.logFile?.end();
        resolve(this.exitInfo);
      });
    });
    return this;
  }

  /** Polls `GET /health` until it answers 200; fails at once, with the service's output, if the process exits. */
  async waitHealthy(timeoutMs = 60_000): Promise<void> {
    if (!this.exitPromise) throw new Error(`${this.name} was never started`);
    let last = 'no answer yet';
    let settled = false;
    const healthy = waitFor(
      async () => {
        if (settled) return true;
        try {
          const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3_000) });
          last = `HTTP ${res.status}`;
          if (res.status !== 200) last += `: ${(await res.text()).slice(0, 500)}`;
          return res.status === 200;
        } catch (error) {
          last = (error as Error).message;
          return false;
        }
      },
      { timeoutMs, intervalMs: 250, description: `${this.name} GET /health` },
    ).then(
      () => undefined,
      () => `not healthy after ${timeoutMs} ms (last: ${last})`,
    );
    const exited = this.exitPromise.then((exit) => `exited before becoming healthy (code ${exit.code}, signal ${exit.signal})`);
    const failure = await Promise.race([healthy, exited]);
    settled = true;
    if (failure) throw new Error(`${this.name} ${failure}\n--- last output ---\n${this.tail(60)}`);
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<ServiceExit | undefined> {
    if (!this.child || !this.exitPromise) return undefined;
    if (this.exitInfo) return this.exitInfo;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const first = await Promise.race([this.exitPromise, timedOut]);
    clearTimeout(timer);
    if (first !== 'timeout') return first;
    this.child.kill('SIGKILL');
    return this.exitPromise;
  }

  /** Sends a signal (a crash is `kill('SIGKILL')`) and resolves when the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ServiceExit | undefined> {
    if (!this.child || !this.exitPromise) return undefined;
    if (this.exitInfo) return this.exitInfo;
    this.child.kill(signal);
    return this.exitPromise;
  }

  /** Everything the process printed (stdout and stderr interleaved), up to the buffer limit. */
  logs(): string {
    return this.output;
  }

  /** Output lines parsed as JSON (pino's log lines); other lines are skipped. */
  logRecords(): Record<string, unknown>[] {
    return logRecordsOf(this.output);
  }

  /** Empties the in-memory output, so that a later assertion sees only what follows. */
  clearLogs(): void {
    this.output = '';
  }

  private tail(lines: number): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }
}

/** A TCP port nothing listens on right now, for a service started beside others. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** The lines of a service's output that are JSON (pino's log lines); other lines are skipped. */
export function logRecordsOf(output: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a partial line at the buffer's edge, or plain text that happens to start with a brace
    }
  }
  return records;
}

/** What the platform's tests use of a running service, whether a local process or a container. */
export type RunningService = Pick<ServiceProcess, 'name' | 'port' | 'url' | 'env' | 'waitHealthy' | 'stop' | 'kill' | 'logs' | 'logRecords'>;

/**
 * A service of a running docker-compose stack (deploy/docker/test-docker.sh), driven as the
 * end-to-end suites drive a local process: its published URL, its health, and `docker kill` /
 * `docker start` for crashes and restarts. The container is found by compose's labels (project and
 * service), so no compose binary is needed here.
 */
import { execFile, execFileSync } from 'node:child_process';
import type { ServiceExit } from './service-process';
import { logRecordsOf } from './service-process';
import { waitFor } from './wait-for';

export class ComposeService {
  private containerId?: string;

  constructor(
    readonly name: string,
    /** The port published on the host. */
    readonly port: number,
    /** The settings the container runs with that a test needs to know (deploy/local/dev.env). */
    readonly env: Record<string, string>,
    private readonly project: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Polls `GET /health` on the published port until it answers 200. */
  async waitHealthy(timeoutMs = 60_000): Promise<void> {
    let last = 'no answer yet';
    await waitFor(
      async () => {
        try {
          const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3_000) });
          last = `HTTP ${res.status}`;
          return res.status === 200;
        } catch (error) {
          last = (error as Error).message;
          return false;
        }
      },
      { timeoutMs, intervalMs: 250, description: `${this.name} (container) GET /health` },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (last: ${last})\n--- last output ---\n${this.logs().split('\n').slice(-60).join('\n')}`);
    });
  }

  /** `docker kill --signal` (a crash is SIGKILL), and resolves when the container has stopped. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ServiceExit | undefined> {
    const id = await this.container();
    await docker(['kill', '--signal', signal, id]);
    const code = Number((await docker(['wait', id])).trim());
    return { code, signal };
  }

  /** `docker stop`: SIGTERM, then SIGKILL after the timeout. */
  async stop(timeoutMs = 10_000): Promise<ServiceExit | undefined> {
    const id = await this.container();
    await docker(['stop', '--time', String(Math.ceil(timeoutMs / 1000)), id]);
    return { code: Number((await docker(['wait', id])).trim()), signal: null };
  }

  /** `docker start` of the same container (same database, same consumer group). */
  async start(): Promise<void> {
    await docker(['start', await this.container()]);
  }

  logs(): string {
    if (!this.containerId) return '';
    try {
      return execFileSync('docker', ['logs', this.containerId], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      return `(docker logs failed: ${(error as Error).message})`;
    }
  }

  logRecords(): Record<string, unknown>[] {
    return logRecordsOf(this.logs());
  }

  /** Finds the service's container; fails if the stack does not run it. */
  async attach(): Promise<this> {
    await this.container();
    return this;
  }

  private async container(): Promise<string> {
    if (this.containerId) return this.containerId;
    const ids = (
      await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${this.project}`, '--filter', `label=com.docker.compose.service=${this.name}`])
    )
      .split('\n')
      .filter(Boolean);
    if (ids.length !== 1) throw new Error(`compose project ${this.project}: expected one container of ${this.name}, found ${ids.length}`);
    this.containerId = ids[0];
    return ids[0];
  }
}

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')}: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

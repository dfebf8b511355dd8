import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serviceCatalog } from '@credit/testing';

/**
 * docker-compose.yml cannot be run on machines without a Docker engine, but Debian's
 * docker-compose 1.29 validates it without one; the file must stay within what 1.29 understands.
 */
const root = repoRoot();
const composeFile = join(root, 'docker-compose.yml');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs = 60_000): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: root, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === -1 ? String(error.message) : '') });
    });
  });
}

/**
 * Every path in the file is relative to the repository, also for the copies in a temp directory.
 * Variables come from `variables` only: not from the caller's environment, nor from the .env that
 * deploy/docker/local-images.sh writes on machines that use stand-in images.
 */
function compose(file: string, ...args: string[]): Promise<Result> {
  return composeWith({}, file, ...args);
}

function composeWith(variables: Record<string, string>, file: string, ...args: string[]): Promise<Result> {
  const envDir = mkdtempSync(join(tmpdir(), 'compose-env-'));
  const envFile = join(envDir, 'variables.env');
  writeFileSync(envFile, Object.entries(variables).map(([k, v]) => `${k}=${v}\n`).join(''));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/(_IMAGE|_HOST_PORT|^NATIONAL_PLATFORM_URL)$/.test(k)));
  return new Promise((resolve) => {
    execFile(
      'docker-compose',
      ['--project-directory', root, '--env-file', envFile, '-f', file, ...args],
      { cwd: root, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: inherited as NodeJS.ProcessEnv },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        rmSync(envDir, { recursive: true, force: true });
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The blocks of `config` output under `services:`, by service name. */
function serviceBlocks(config: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const services = config.split(/^services:\n/m)[1]?.split(/^\S/m)[0] ?? '';
  let name: string | undefined;
  for (const line of services.split('\n')) {
    const header = /^ {2}([\w-]+):\s*$/.exec(line);
    if (header) {
      name = header[1];
      blocks.set(name, '');
    } else if (name) {
      blocks.set(name, `${blocks.get(name)}${line}\n`);
    }
  }
  return blocks;
}

describe('docker-compose.yml', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'compose-'));
    if ((await run('docker-compose', ['version', '--short'])).code !== 0) {
      // deploy/local/test-all.sh installs it before the suites; this covers a suite run on its own.
      const install = await run('bash', [join(root, 'deploy/local/ensure-docker-compose.sh')], 600_000);
      if (install.code !== 0 || (await run('docker-compose', ['version', '--short'])).code !== 0) {
        throw new Error(
          'docker-compose is not installed and could not be installed (apt-get install -y docker-compose): ' +
            `the compose file cannot be validated.\n${install.stderr}`,
        );
      }
    }
  }, 660_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is valid for docker-compose 1.29 (`config -q` exits 0)', async () => {
    const result = await compose(composeFile, 'config', '-q');
    expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({ code: 0, stderr: '' });
  });

  it('runs kafka, postgres and every service of deploy/local/services.txt, each wired to them', async () => {
    const names = await compose(composeFile, 'config', '--services');
    expect(names.code).toBe(0);
    const catalog = serviceCatalog();
    expect(names.stdout.trim().split('\n').sort()).toEqual(['catalog', 'kafka', 'postgres', ...catalog.map((s) => s.name)].sort());

    const config = await compose(composeFile, 'config');
    expect(config.code).toBe(0);
    const blocks = serviceBlocks(config.stdout);
    expect(blocks.get('kafka')).toContain('image: apache/kafka:3.9.1');
    expect(blocks.get('kafka')).toContain('KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:19092,EXTERNAL://127.0.0.1:9092');
    expect(blocks.get('kafka')).toContain('healthcheck:');
    expect(blocks.get('postgres')).toContain('image: postgres:16');
    expect(blocks.get('postgres')).toContain('deploy/docker/postgres-init.sh:/docker-entrypoint-initdb.d/10-credit-databases.sh:ro');
    expect(blocks.get('postgres')).toContain('deploy/local/services.txt:/credit/services.txt:ro');
    expect(blocks.get('postgres')).toContain('healthcheck:');
    for (const service of catalog) {
      const block = blocks.get(service.name) ?? '';
      expect({ service: service.name, block }).toEqual({
        service: service.name,
        block: expect.stringContaining(`SERVICE: ${service.name}`),
      });
      expect(block).toContain('dockerfile: deploy/docker/Dockerfile');
      expect(block).toContain(`PORT: '${service.port}'`);
      expect(block).toContain(`published: ${service.port}`);
      expect(block).toContain(`DATABASE_URL: postgres://postgres@postgres:5432/${service.database}`);
      expect(block).toContain('KAFKA_BROKERS: kafka:19092');
      // dev.env arrives through env_file
      expect(block).toMatch(/AUTH_JWT_SECRET: \S{32,}/);
      expect(block.match(/condition: service_healthy/g)).toHaveLength(2);
      expect(block).toContain('NODE_IMAGE: node:20-bookworm-slim');
    }
    // The starter catalog, once joint-punishment is healthy, through its admin endpoints.
    const loader = blocks.get('catalog') ?? '';
    expect(loader).toContain('target: build');
    expect(loader).toMatch(/joint-punishment:\n\s+condition: service_healthy/);
    expect(loader).toContain('tools/dist/catalog/load-catalog.js');
    expect(loader).toContain('--keep-edited');
    expect(loader).toContain('restart: "no"');
    // In a container a service must listen beyond its loopback, or neither the other containers nor the published port reach it.
    expect(readFileSync(join(root, 'deploy/docker/Dockerfile'), 'utf8')).toMatch(/^ENV .*HOST=0\.0\.0\.0/m);
  });

  it('takes its base images and host ports from variables (the stand-ins of deploy/docker/local-images.sh)', async () => {
    const config = await composeWith(
      {
        NODE_IMAGE: 'credit-local/node:20-bookworm',
        KAFKA_IMAGE: 'credit-local/kafka:3.9.1',
        POSTGRES_IMAGE: 'credit-local/postgres:15-bookworm',
        JOINT_PUNISHMENT_HOST_PORT: '23005',
        KAFKA_HOST_PORT: '29092',
      },
      composeFile,
      'config',
    );
    expect(config.code).toBe(0);
    const blocks = serviceBlocks(config.stdout);
    expect(blocks.get('kafka')).toContain('image: credit-local/kafka:3.9.1');
    expect(blocks.get('kafka')).toContain('EXTERNAL://127.0.0.1:29092');
    expect(blocks.get('postgres')).toContain('image: credit-local/postgres:15-bookworm');
    expect(blocks.get('joint-punishment')).toContain('NODE_IMAGE: credit-local/node:20-bookworm');
    expect(blocks.get('joint-punishment')).toContain('published: 23005');
    expect(blocks.get('joint-punishment')).toContain('target: 3005');
  });

  it("the postgres container's init script creates one database per service of services.txt", async () => {
    // psql stand-in: the script runs inside the postgres image, against its initialising server.
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'psql'), `#!/usr/bin/env bash\necho "$*" >> "${join(tmp, 'psql.log')}"\n`);
    chmodSync(join(bin, 'psql'), 0o755);
    const result = await new Promise<Result>((resolve) =>
      execFile(
        'bash',
        [join(root, 'deploy/docker/postgres-init.sh')],
        { env: { PATH: `${bin}:${process.env.PATH}`, POSTGRES_USER: 'postgres', CREDIT_SERVICES_FILE: join(root, 'deploy/local/services.txt') } },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout: String(stdout), stderr: String(stderr) }),
      ),
    );
    expect(result.code).toBe(0);
    const created = readFileSync(join(tmp, 'psql.log'), 'utf8').trim().split('\n');
    expect(created).toEqual(
      serviceCatalog().map((s) => `-v ON_ERROR_STOP=1 --username postgres --dbname postgres -c CREATE DATABASE "${s.database}"`),
    );
  });

  it('the check can fail: broken copies of the file are refused, an unchanged copy is not', async () => {
    const original = readFileSync(composeFile, 'utf8');
    const write = (name: string, text: string) => {
      const file = join(tmp, name);
      writeFileSync(file, text);
      return file;
    };

    const unchanged = await compose(write('unchanged.yml', original), 'config', '-q');
    expect(unchanged.code).toBe(0);

    const unknownKey = original.replace(/^ {4}ports:$/m, '    portz:');
    expect(unknownKey).not.toBe(original);
    const r1 = await compose(write('unknown-key.yml', unknownKey), 'config', '-q');
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toMatch(/portz/);

    const badCondition = original.replace(/condition: service_healthy/g, 'condition: service_happy');
    const r2 = await compose(write('bad-condition.yml', badCondition), 'config', '-q');
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(/service_happy/);

    const missingDependency = original.replace(/^ {2}kafka:$/m, '  broker:');
    const r3 = await compose(write('missing-dependency.yml', missingDependency), 'config', '-q');
    expect(r3.code).not.toBe(0);
    expect(r3.stderr).toMatch(/depends on service 'kafka' which is undefined/);
  });
});

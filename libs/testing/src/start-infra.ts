import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { TestInfra, testInfra } from './infra';
import { parseEnvFile, repoRoot } from './repo';
import { waitFor } from './wait-for';

/** Where a server came from: given by the environment, started in Docker, or the local no-Docker scripts. */
export type InfraSource = 'environment' | 'testcontainers' | 'local';

export interface StartedTestInfra extends TestInfra {
  /** Same as `adminDatabaseUrl`; what `DATABASE_URL` is set to. */
  databaseUrl: string;
  source: { kafka: InfraSource; database: InfraSource };
}

/**
 * The images docker-compose.yml runs, so that a test against containers sees the same servers: the
 * same variables (KAFKA_IMAGE, POSTGRES_IMAGE), the same public defaults. Where no registry can be
 * reached, deploy/docker/local-images.sh builds stand-ins and records them (and
 * TESTCONTAINERS_RYUK_DISABLED=true: the reaper's image cannot be pulled either) in the repository's
 * .env, which is read here for whatever the environment does not set.
 */
export function containerSetting(name: 'KAFKA_IMAGE' | 'POSTGRES_IMAGE' | 'TESTCONTAINERS_RYUK_DISABLED'): string | undefined {
  if (process.env[name]) return process.env[name];
  const file = join(repoRoot(), '.env');
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8'))[name] || undefined : undefined;
}

export const kafkaImage = (): string => containerSetting('KAFKA_IMAGE') ?? 'apache/kafka:3.9.1';
export const postgresImage = (): string => containerSetting('POSTGRES_IMAGE') ?? 'postgres:16';

const LOCAL_KAFKA = '127.0.0.1:9092';
const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

let starting: Promise<StartedTestInfra> | undefined;
const containers: StartedTestContainer[] = [];

/**
 * Makes sure Kafka and PostgreSQL are up, once per process, and exports `KAFKA_BROKERS` and
 * `DATABASE_URL` so that {@link testInfra} and child processes see them. Sources, in order:
 * 1. `KAFKA_BROKERS` / `DATABASE_URL` already set: used as they are;
 * 2. a Docker engine answers: {@link kafkaImage} (KRaft) and {@link postgresImage} through testcontainers;
 * 3. otherwise `deploy/local/kafka.sh start` and `deploy/local/postgres.sh ensure` (127.0.0.1:9092, :5432).
 * `CREDIT_TEST_INFRA=local|docker` forces the choice between 2 and 3.
 */
export function startTestInfra(): Promise<StartedTestInfra> {
  if (!starting) {
    starting = start().catch((error) => {
      starting = undefined;
      throw error;
    });
  }
  return starting;
}

/** Stops the containers {@link startTestInfra} started in this process; local servers keep running for the next run. */
export async function stopTestInfra(): Promise<void> {
  const toStop = containers.splice(0);
  starting = undefined;
  await Promise.allSettled(toStop.map((c) => c.stop({ timeout: 10_000 })));
}

async function start(): Promise<StartedTestInfra> {
  const needKafka = !process.env.KAFKA_BROKERS;
  const needDatabase = !process.env.DATABASE_URL;
  const source: StartedTestInfra['source'] = { kafka: 'environment', database: 'environment' };
  if (needKafka || needDatabase) {
    const viaDocker = await useDocker();
    const ryuk = containerSetting('TESTCONTAINERS_RYUK_DISABLED');
    if (viaDocker && ryuk) process.env.TESTCONTAINERS_RYUK_DISABLED = ryuk;
    const [kafka, database] = await Promise.all([
      needKafka ? (viaDocker ? startKafkaContainer() : startLocalKafka()) : undefined,
      needDatabase ? (viaDocker ? startPostgresContainer() : startLocalPostgres()) : undefined,
    ]);
    if (kafka) {
      process.env.KAFKA_BROKERS = kafka;
      source.kafka = viaDocker ? 'testcontainers' : 'local';
    }
    if (database) {
      process.env.DATABASE_URL = database;
      source.database = viaDocker ? 'testcontainers' : 'local';
    }
  }
  const infra = testInfra();
  return { ...infra, databaseUrl: infra.adminDatabaseUrl, source };
}

async function useDocker(): Promise<boolean> {
  const forced = process.env.CREDIT_TEST_INFRA;
  if (forced === 'local') return false;
  if (forced === 'docker') return true;
  if (forced) throw new Error(`CREDIT_TEST_INFRA must be 'local' or 'docker', not '${forced}'`);
  // The docker client alone is not enough (it is installed on machines without an engine):
  // the engine must answer, and quickly, or the local servers are the faster choice anyway.
  const result = await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 5_000 });
  return result.code === 0 && result.stdout.trim().length > 0;
}

async function startLocalKafka(): Promise<string> {
  if (!(await portOpen(9092))) {
    process.stderr.write('[test-infra] starting the local Kafka broker (deploy/local/kafka.sh; its first run fetches the broker from Maven Central)\n');
  }
  await runScript('kafka.sh', ['start'], 'start the local Kafka broker');
  await waitForKafka(LOCAL_KAFKA);
  return LOCAL_KAFKA;
}

async function startLocalPostgres(): Promise<string> {
  await runScript('postgres.sh', ['ensure'], 'make sure the local PostgreSQL runs');
  await waitForPostgres(LOCAL_DATABASE_URL);
  return LOCAL_DATABASE_URL;
}

async function startKafkaContainer(): Promise<string> {
  // Loaded only here, so that nothing touches Docker on machines that use the local servers.
  const { GenericContainer, Wait } = require('testcontainers') as typeof import('testcontainers');
  const ready = 'advertised listener pending';
  // The broker must advertise the host port Docker maps, which is known only once the container
  // runs: the entrypoint waits for that address, then hands over to the image's own start script.
  const container = await new GenericContainer(kafkaImage())
    .withExposedPorts(9092)
    .withEnvironment({
      // Any base64url UUID; the storage format of a fresh container only needs one.
      CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_LOG_RETENTION_HOURS: '-1',
    })
    .withEntrypoint(['sh', '-c'])
    .withCommand([
      `echo '${ready}'; while [ ! -s /tmp/advertised ]; do sleep 0.1; done; ` +
        'export KAFKA_ADVERTISED_LISTENERS="$(cat /tmp/advertised)"; exec /etc/kafka/docker/run',
    ])
    .withWaitStrategy(Wait.forLogMessage(ready))
    .withStartupTimeout(120_000)
    .start();
  containers.push(container);
  const brokers = `${hostOf(container)}:${container.getMappedPort(9092)}`;
  await container.copyContentToContainer([
    { content: `PLAINTEXT://${brokers},BROKER://localhost:19092`, target: '/tmp/advertised', mode: 0o644 },
  ]);
  await waitForKafka(brokers, 120_000);
  return brokers;
}

async function startPostgresContainer(): Promise<string> {
  const { PostgreSqlContainer } = require('@testcontainers/postgresql') as typeof import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(postgresImage())
    .withUsername('postgres')
    .withPassword('postgres')
    .withDatabase('postgres')
    .start();
  containers.push(container);
  const url = `postgres://postgres:postgres@${hostOf(container)}:${container.getMappedPort(5432)}/postgres`;
  await waitForPostgres(url);
  return url;
}

/** `localhost` resolves to ::1 first in Node; Docker publishes on IPv4 for certain. */
function hostOf(container: StartedTestContainer): string {
  const host = container.getHost();
  return host === 'localhost' ? '127.0.0.1' : host;
}

async function waitForKafka(brokers: string, timeoutMs = 30_000): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-infra-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  await waitFor(
    async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    { timeoutMs, intervalMs: 500, description: `Kafka at ${brokers} to answer` },
  );
}

async function waitForPostgres(url: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs, intervalMs: 500, description: `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} to answer` },
  );
}

async function runScript(script: string, args: string[], purpose: string): Promise<void> {
  const path = join(repoRoot(), 'deploy', 'local', script);
  // The first start of Kafka on a machine fetches the broker from Maven Central: minutes, not seconds.
  const result = await run('bash', [path, ...args], { timeoutMs: 15 * 60_000 });
  if (result.code !== 0) {
    throw new Error(`could not ${purpose}: bash ${path} ${args.join(' ')} exited ${result.code}\n${result.stderr}${result.stdout}`);
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function run(
  command: string,
  args: string[],
  options: { timeoutMs: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

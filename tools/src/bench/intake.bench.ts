/**
 * Intake benchmark: penalties per second through `POST /api/v1/penalties/batch` (batches
 * of 1000 valid items) on the compiled double-publicity service (its own process, a fresh database),
 * counted until every event is relayed to Kafka (the outbox is empty), against a raw batched
 * `INSERT` of the same rows into a plain PostgreSQL table, in the same run, rounds alternating.
 * Prints the medians, the ratio (goal ≥ 0.3), the service's peak RSS (VmHWM) and the CPU time its
 * process used per 1000 penalties over the measured rounds (less sensitive than throughput to
 * other load on the machine).
 *
 *   npm run build && npm run bench:intake
 *
 * The service works on topics of the run's own (KAFKA_TOPIC_PREFIX `bench-<pid>-<time>.`, deleted at
 * the end): a running local platform never sees the benchmark's events.
 *
 * Settings: BENCH_ROUNDS (3), BENCH_BATCHES (5 batches of 1000 per round), KAFKA_BROKERS / DATABASE_URL as for the tests.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { todayInShanghai } from '@credit/domain-kernel';
import { createTestDatabase, freePort, freshUscc, mintToken, queryDatabase, ServiceProcess, uniqueName, waitFor, type TestDatabase } from '@credit/testing';
import { Client } from 'pg';
import { benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const BATCHES = Number(process.env.BENCH_BATCHES ?? 5);
const BATCH_SIZE = 1000;
const DEPARTMENT = '11450100007712342F';
const UNIT = { name: '南宁市市场监督管理局', code: DEPARTMENT };

let sequence = 0;
const penalty = () => ({
  decisionNumber: `南市监处罚〔2026〕bench-${process.pid}-${++sequence}号`,
  subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: freshUscc() },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['罚款'],
  content: '罚款五千元',
  fineAmount: '5000.00',
  decidedOn: todayInShanghai(),
  severity: 'GENERAL',
  authority: UNIT,
  sourceUnit: UNIT,
});
type Penalty = ReturnType<typeof penalty>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The service's path: every batch through HTTP, then until the relay has published every event. */
async function throughService(url: string, token: string, db: TestDatabase, batches: Penalty[][]): Promise<number> {
  const started = process.hrtime.bigint();
  for (const items of batches) {
    const response = await fetch(`${url}/api/v1/penalties/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    const body = (await response.json()) as { results: { status: string }[] };
    const created = body.results?.filter((r) => r.status === 'CREATED').length;
    if (response.status !== 200 || created !== items.length) throw new Error(`batch: ${response.status}, ${created} of ${items.length} created`);
  }
  await waitFor(async () => (await queryDatabase(db.url, `SELECT count(*)::int AS n FROM outbox`))[0].n === 0, {
    timeoutMs: 300_000,
    intervalMs: 20,
    description: 'the outbox drained',
  });
  return (batches.length * BATCH_SIZE) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The floor: the same rows as JSON into a plain table, one multi-row INSERT per batch. */
async function rawInsert(client: Client, batches: Penalty[][]): Promise<number> {
  const started = process.hrtime.bigint();
  for (const items of batches) {
    await client.query(
      `INSERT INTO raw_penalties (authority_code, decision_number, subject_code, decided_on, record)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::jsonb[])`,
      [items.map((i) => i.authority.code), items.map((i) => i.decisionNumber), items.map((i) => i.subject.code), items.map((i) => i.decidedOn), items.map((i) => JSON.stringify(i))],
    );
  }
  return (batches.length * BATCH_SIZE) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** User + system CPU seconds the process has used so far (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
  const stat = pid ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function peakRssMb(pid: number | undefined): number {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let client: Client | undefined;
  // Topics of its own: a running local platform does not consume the benchmark's penalties.
  const topicPrefix = benchTopicPrefix();
  const started = Date.now();
  try {
    db = await createTestDatabase('bench_intake');
    service = ServiceProcess.start({
      name: 'double-publicity',
      port: await freePort(),
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: uniqueName('double-publicity-bench'), KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn' },
    });
    await service.waitHealthy(90_000);
    const token = await mintToken({ sub: DEPARTMENT, name: 'market-regulation', roles: ['submitter'], expiresIn: '2h' });
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE raw_penalties (
      authority_code text NOT NULL, decision_number text NOT NULL, subject_code text NOT NULL, decided_on date NOT NULL, record jsonb NOT NULL,
      PRIMARY KEY (authority_code, decision_number))`);

    const fresh = () => Array.from({ length: BATCHES }, () => Array.from({ length: BATCH_SIZE }, penalty));
    // Warm-up of both paths (JIT, connection pools, the topic), not measured.
    await throughService(service.url, token, db, [fresh()[0]]);
    await rawInsert(client, [fresh()[0]]);
    const svc: number[] = [];
    const raw: number[] = [];
    const cpuBefore = cpuSeconds(service.pid);
    for (let round = 0; round < ROUNDS; round++) {
      const rows = fresh();
      svc.push(await throughService(service.url, token, db, rows));
      raw.push(await rawInsert(client, rows));
    }
    const cpuPerThousand = ((cpuSeconds(service.pid) - cpuBefore) * 1000) / (ROUNDS * BATCHES);
    const ratio = median(svc) / median(raw);
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    process.stdout.write(
      [
        `intake benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`,
        `${ROUNDS} rounds × ${BATCHES} batches × ${BATCH_SIZE} penalties, service and raw rounds alternating; topic prefix ${topicPrefix}`,
        `POST /penalties/batch, relayed to Kafka  median ${median(svc).toFixed(0)} penalties/s  (rounds: ${fmt(svc)})`,
        `raw batched INSERT                       median ${median(raw).toFixed(0)} rows/s  (rounds: ${fmt(raw)})`,
        `ratio (service / raw) ${ratio.toFixed(3)}   goal ≥ 0.3   ${verdict(ratio >= 0.3)}`,
        `service peak RSS ${peakRssMb(service.pid).toFixed(0)} MB, CPU ${cpuPerThousand.toFixed(0)} ms per 1000 penalties (its own process: HTTP, checks, relay, consumer)`,
        `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ].join('\n') + '\n',
    );
  } finally {
    await client?.end();
    await service?.stop();
    await db?.drop();
    await deleteBenchTopics(topicPrefix).catch((error: unknown) => process.stderr.write(`deleting the topics under ${topicPrefix}: ${String(error)}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * Credit-check benchmark (issue 5): requests/s and p99 latency of
 * `GET /api/v1/credit-check/{code}?scenario=GOVERNMENT_PROCUREMENT` on the compiled joint-punishment
 * service (its own process, a fresh database) over 10 000 subjects of which 10% are on the black
 * list, against a bare Nest endpoint (bare-credit-check.ts) answering a constant JSON of the same
 * mean size, on the same machine in the same run. Goal: ratio ≥ 0.5. The service's consumer group
 * starts at the end of the subject topic, and the measurement waits until it has consumed the
 * seeded entries' events, so that no replay of the topic's history runs during the measurement.
 *
 *   npm run build && npm run bench:credit-check
 *
 * The service runs with heap-allocation-probe.js (--require): the bytes it allocates per request are
 * printed as well.
 *
 * The service works on topics of the run's own (KAFKA_TOPIC_PREFIX `bench-<pid>-<time>.`, deleted
 * at the end). Rounds alternate service and bare endpoint; the rounds' spread is printed with its
 * goal (every round within ±20 % of the median), so that a run disturbed by other load shows.
 *
 * Settings: BENCH_SUBJECTS (10000), BENCH_LISTED_SHARE (0.1), BENCH_CONNECTIONS (50),
 * BENCH_DURATION_S (15), BENCH_ROUNDS (3), BENCH_SERVICE_NODE_OPTIONS (NODE_OPTIONS of the service process),
 * KAFKA_BROKERS / DATABASE_URL as for the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { TOPICS, type SubjectRegisteredV1 } from '@credit/contracts';
import { resolveSubjectCode } from '@credit/domain-kernel';
import { ensureTopics } from '@credit/messaging';
import {
  createTestDatabase,
  devEnv,
  freePort,
  freshUscc,
  mintToken,
  queryDatabase,
  ServiceProcess,
  testEnvelope,
  TestEventPublisher,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@credit/testing';
import { benchKafka, benchTopicPrefix, deleteBenchTopics, verdict } from './bench-kafka';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const LISTED_SHARE = Number(process.env.BENCH_LISTED_SHARE ?? 0.1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEED_CONCURRENCY = 8;
const CREDIT_OFFICE = '11450100007712342F';
const PROCUREMENT_CENTRE = freshUscc('12450100');
const FINANCE_BUREAU = freshUscc('11450100');
/** Topics of the run's own (the service's KAFKA_TOPIC_PREFIX too): a running local platform sees none of its events. */
const TOPIC_PREFIX = benchTopicPrefix();

/** The parts of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { setupRequest?: (request: AutocannonRequest) => AutocannonRequest }[];
}
const autocannon = require('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

async function json(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * Makes the service know the subjects to be listed (a listing names a subject the service knows), as
 * subject-registry's registrations do, and waits until it has taken them all in.
 */
async function registerSubjects(databaseUrl: string, codes: string[]): Promise<void> {
  const secret = process.env.SUBJECT_KEY_SECRET ?? devEnv().SUBJECT_KEY_SECRET;
  const events = await TestEventPublisher.connect({ clientId: 'credit-check-bench', topicPrefix: TOPIC_PREFIX });
  try {
    const envelopes = codes.map((code) => {
      const subject = resolveSubjectCode(code, secret);
      if (!subject.ok) throw new Error(`subject ${code}: ${subject.message}`);
      return testEnvelope<SubjectRegisteredV1>({
        type: 'subject-registry.subject-registered',
        subjectKey: subject.subjectKey,
        stream: `subject-${subject.subjectKey}`,
        data: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode, name: '南宁市测试主体有限公司', legacyCodes: [] },
      });
    });
    for (let i = 0; i < envelopes.length; i += 100) await events.publish(...envelopes.slice(i, i + 100));
  } finally {
    await events.disconnect();
  }
  await waitFor(
    async () => {
      const [row] = await queryDatabase<{ known: number }>(databaseUrl, `SELECT count(*)::int AS known FROM known_subjects`);
      return row.known >= codes.length;
    },
    { timeoutMs: 180_000, intervalMs: 500, description: 'the service knowing the subjects to be listed' },
  );
}

/** Three catalog punishments over two linkage units, two of which bite in government procurement. */
async function seed(base: string, subjects: string[], listed: number): Promise<void> {
  const admin = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['admin'] });
  const reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer'] });
  const measures = [
    { code: 'BENCH-PROCUREMENT', name: '限制参加政府采购活动', unitCodes: [PROCUREMENT_CENTRE, FINANCE_BUREAU], scenarios: ['GOVERNMENT_PROCUREMENT', 'PUBLIC_RESOURCE_TRADING'], legalBasis: '《政府采购法》第二十二条' },
    { code: 'BENCH-FUNDING', name: '限制申请财政性资金项目', unitCodes: [FINANCE_BUREAU], scenarios: ['FISCAL_FUNDING', 'GOVERNMENT_PROCUREMENT'], legalBasis: '国发〔2016〕33号' },
    { code: 'BENCH-TENDERING', name: '限制参与招标投标', unitCodes: [PROCUREMENT_CENTRE], scenarios: ['TENDERING'], legalBasis: '《招标投标法实施条例》' },
  ];
  // Measures name catalogued linkage units; entries a catalogued list category.
  for (const code of [PROCUREMENT_CENTRE, FINANCE_BUREAU]) {
    const unit = await json('POST', `${base}/api/v1/linkage-units`, admin, { code, name: `联动单位 ${code}` });
    if (unit.status !== 201 && unit.status !== 200) throw new Error(`linkage unit ${code}: ${unit.status} ${unit.text}`);
  }
  const category = await json('POST', `${base}/api/v1/list-categories`, admin, { code: 'MARKET', name: '市场监督管理严重违法失信名单', list: 'BLACK', legalBasis: '国家市场监督管理总局令第44号' });
  if (category.status !== 201 && category.status !== 200) throw new Error(`list category: ${category.status} ${category.text}`);
  for (const m of measures) {
    const defined = await json('POST', `${base}/api/v1/measures`, admin, { ...m, kind: 'PUNISHMENT', appliesTo: 'BLACK' });
    if (defined.status !== 201) throw new Error(`measure ${m.code}: ${defined.status} ${defined.text}`);
  }
  await pool(subjects.slice(0, listed), SEED_CONCURRENCY, async (subjectCode) => {
    const created = await json('POST', `${base}/api/v1/list-entries`, reviewer, {
      subjectCode,
      list: 'BLACK',
      category: 'MARKET',
      // No basis records: a listing names only records joint-punishment holds for the subject, and the bench has none.
      basis: { recordIds: [], document: '南市监信〔2025〕12号' },
      initiatingUnit: { name: '南宁市市场监督管理局', code: CREDIT_OFFICE },
      decidedOn: '2025-03-04',
      validUntil: '2099-03-03',
    });
    if (created.status !== 201) throw new Error(`list entry: ${created.status} ${created.text}`);
  });
}

async function startBare(port: number, body: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'bare-credit-check.js')], {
    env: { ...process.env, PORT: String(port), BARE_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare app exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

async function fire(url: string, token: string, codes: string[], duration: number): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: 'GET',
          path: `/api/v1/credit-check/${codes[Math.floor(Math.random() * codes.length)]}?scenario=GOVERNMENT_PROCUREMENT`,
        }),
      },
    ],
  });
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux), or NaN where there is
 * none. CPU time per answered request is far less sensitive to other load on the machine than
 * requests per second, so it is printed next to them.
 */
function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The PostgreSQL server processes serving a database (their process title names it), from /proc. */
function backendsOf(database: string | undefined): number[] {
  if (database === undefined) return [];
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          return title.startsWith('postgres: ') && title.includes(` ${database} `);
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

type Measured = AutocannonResult & { cpuMicros: number; databaseCpuMicros: number };

/**
 * One measured run, with the CPU time the answering process (and the PostgreSQL backends of
 * `database`, when given) spent per request in it.
 */
async function measured(pid: number | undefined, run: () => Promise<AutocannonResult>, database?: string): Promise<Measured> {
  const before = cpuSeconds(pid);
  const backends = backendsOf(database);
  const databaseBefore = backends.reduce((sum, backend) => sum + cpuSeconds(backend), 0);
  const result = await run();
  const requests = Math.max(1, result.requests.total);
  // Backends that ended during the run are not counted: the pool keeps its connections while busy.
  const databaseAfter = backends.reduce((sum, backend) => sum + (Number.isNaN(cpuSeconds(backend)) ? 0 : cpuSeconds(backend)), 0);
  const opened = backendsOf(database).filter((backend) => !backends.includes(backend));
  const databaseCpu = databaseAfter - databaseBefore + opened.reduce((sum, backend) => sum + cpuSeconds(backend), 0);
  return { ...result, cpuMicros: ((cpuSeconds(pid) - before) * 1e6) / requests, databaseCpuMicros: (databaseCpu * 1e6) / requests };
}

/**
 * The service's consumer group starts at the end of the subject topic: the topic's history (every
 * earlier run's events) is not what this benchmark measures, and replaying it would load the
 * service during the measurement. It still consumes what arrives from now on (its own seeded events).
 */
async function startGroupAtEnd(groupId: string): Promise<void> {
  const kafka = benchKafka(TOPIC_PREFIX, 'credit-check-bench');
  await ensureTopics(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(TOPICS.subjectEvents);
    await admin.setOffsets({ groupId, topic: TOPICS.subjectEvents, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  } finally {
    await admin.disconnect();
  }
}

/** Events on the subject topic the group has not consumed yet. */
async function consumerLag(groupId: string): Promise<number> {
  const admin = benchKafka(TOPIC_PREFIX, 'credit-check-bench').admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(TOPICS.subjectEvents);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPICS.subjectEvents] });
    return ends.reduce((sum, end) => {
      const at = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '0');
      return sum + Math.max(0, Number(end.high) - Math.max(0, at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits (up to two minutes) until the group has consumed the seeded entries' events. Where other
 * processes keep publishing to the same broker the service keeps consuming them; the lag before and
 * after the measurement is printed so that such a run can be recognised.
 */
async function waitConsumerCaughtUp(groupId: string): Promise<number> {
  try {
    return await waitFor(async () => {
      const lag = await consumerLag(groupId);
      return lag < 50 ? { lag } : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1000, description: 'the service consumer catching up' }).then((r) => r.lag);
  } catch {
    return consumerLag(groupId);
  }
}

/** How heap-allocation-probe.ts starts its lines (not imported: loading the probe would start it here too). */
const PROBE_LINE = 'heap-allocation-probe';

/**
 * Bytes the service process has allocated on its JavaScript heap so far, as its heap allocation
 * probe (heap-allocation-probe.ts, loaded with --require) prints them when signalled.
 */
async function heapAllocated(service: ServiceProcess): Promise<number> {
  const lines = () => service.logs().split(`${PROBE_LINE} `);
  const before = lines().length;
  process.kill(service.pid!, 'SIGWINCH');
  await waitFor(async () => lines().length > before, { timeoutMs: 10_000, intervalMs: 20, description: 'the heap allocation probe answering' });
  const printed = lines();
  return Number(printed[printed.length - 1].split('\n')[0]);
}

async function main(): Promise<void> {
  const started = Date.now();
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    db = await createTestDatabase('bench_credit_check');
    const group = uniqueName('joint-punishment-bench');
    await startGroupAtEnd(group);
    service = ServiceProcess.start({
      name: 'joint-punishment',
      port: await freePort(),
      env: {
        DATABASE_URL: db.url,
        KAFKA_CONSUMER_GROUP: group,
        KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
        LOG_LEVEL: 'warn',
        // The heap allocation probe, then the Node options of the service process only (e.g. a
        // --require hook that profiles it).
        NODE_OPTIONS: `--require ${join(__dirname, 'heap-allocation-probe.js')} ${process.env.BENCH_SERVICE_NODE_OPTIONS ?? ''}`.trim(),
      },
    });
    await service.waitHealthy(90_000);

    const subjects = Array.from({ length: SUBJECTS }, () => freshUscc());
    const listed = Math.round(SUBJECTS * LISTED_SHARE);
    const seedStart = Date.now();
    await registerSubjects(db.url, subjects.slice(0, listed));
    await seed(service.url, subjects, listed);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const lagBefore = await waitConsumerCaughtUp(group);

    const reader = await mintToken({ sub: PROCUREMENT_CENTRE, name: 'procurement-centre', roles: ['reader'], expiresIn: '2h' });
    // The constant body: the mean size of the service's answers over the subjects as the load draws them.
    const sample = Array.from({ length: 200 }, (_, i) => subjects[i < 20 ? i : listed + i]);
    let bytes = 0;
    let smallest = '';
    for (const code of sample) {
      const answer = await json('GET', `${service.url}/api/v1/credit-check/${code}?scenario=GOVERNMENT_PROCUREMENT`, reader);
      if (answer.status !== 200) throw new Error(`credit check: ${answer.status} ${answer.text}`);
      bytes += Buffer.byteLength(answer.text);
      if (!smallest || answer.text.length < smallest.length) smallest = answer.text;
    }
    const meanBytes = Math.round(bytes / sample.length);
    // An unlisted subject's answer, padded to the mean size.
    const constant = JSON.parse(smallest) as Record<string, unknown>;
    constant.padding = '';
    constant.padding = 'x'.repeat(Math.max(0, meanBytes - Buffer.byteLength(JSON.stringify(constant))));
    const body = JSON.stringify(constant);

    const barePort = await freePort();
    bare = await startBare(barePort, body);
    const bareUrl = `http://127.0.0.1:${barePort}`;

    // A short warm-up of each, then ROUNDS measured runs alternating the two, so that machine noise
    // hits both; the medians and the median of the per-round ratios are the result.
    await fire(service.url, reader, subjects, 2);
    await fire(bareUrl, reader, subjects, 2);
    const loadBefore = os.loadavg()[0];
    const svc: Measured[] = [];
    const base: Measured[] = [];
    const allocated: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const heapBefore = await heapAllocated(service);
      svc.push(await measured(service.pid, () => fire(service!.url, reader, subjects, DURATION_S), db.name));
      allocated.push((await heapAllocated(service)) - heapBefore);
      base.push(await measured(bare.pid, () => fire(bareUrl, reader, subjects, DURATION_S)));
    }

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    const row = (name: string, rs: Measured[]) =>
      `${name.padEnd(22)} ${median(rs.map((r) => r.requests.average)).toFixed(0).padStart(8)} req/s   ` +
      `p50 ${String(median(rs.map((r) => r.latency.p50))).padStart(4)} ms   p99 ${String(median(rs.map((r) => r.latency.p99))).padStart(4)} ms   ` +
      `non-2xx ${rs.reduce((n, r) => n + r.non2xx, 0)}  errors ${rs.reduce((n, r) => n + r.errors, 0)}   ` +
      `CPU ${median(rs.map((r) => r.cpuMicros)).toFixed(0).padStart(4)} µs/req` +
      (rs.some((r) => r.databaseCpuMicros > 0) ? ` (+ PostgreSQL ${median(rs.map((r) => r.databaseCpuMicros)).toFixed(0)} µs/req)   ` : '   ') +
      `(rounds: ${rs.map((r) => r.requests.average.toFixed(0)).join(', ')} req/s; p99 ${rs.map((r) => r.latency.p99).join(', ')} ms)`;
    const ratios = svc.map((r, i) => r.requests.average / base[i].requests.average);
    // The largest deviation of a round's req/s from the median of the rounds, in %: are the rounds comparable?
    const spread = (rs: Measured[]) => {
      const mid = median(rs.map((r) => r.requests.average));
      return Math.max(...rs.map((r) => Math.abs(r.requests.average / mid - 1))) * 100;
    };
    const ratio = median(ratios);
    const lines = [
      `credit-check benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`,
      `subjects ${SUBJECTS} (${listed} listed, 3 measures / 2 units), seeded in ${seedSeconds.toFixed(1)} s; ${CONNECTIONS} connections, ` +
        `${ROUNDS} rounds of ${DURATION_S} s each; answer ≈ ${meanBytes} B (constant body ${Buffer.byteLength(body)} B)`,
      row('joint-punishment', svc),
      row('bare Nest endpoint', base),
      `ratio (service / bare), median of rounds ${ratio.toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')})   goal ≥ 0.5   ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
      `rounds within ±20 % of their median (req/s): service ±${spread(svc).toFixed(0)} %, bare ±${spread(base).toFixed(0)} %   goal ≤ 20 %   ${verdict(spread(svc) <= 20 && spread(base) <= 20)}`,
      `service heap allocated per request, median of rounds ${(median(allocated.map((a, i) => a / Math.max(1, svc[i].requests.total))) / 1024).toFixed(1)} KB ` +
        `(rounds: ${allocated.map((a, i) => (a / Math.max(1, svc[i].requests.total) / 1024).toFixed(1)).join(', ')} KB)`,
      `load average (1 min) ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after the measurement`,
      `service consumer lag (events of other processes it was still consuming): ${lagBefore} before, ${await consumerLag(group)} after the measurement`,
      `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    bare?.kill('SIGTERM');
    await service?.stop();
    await db?.drop();
    await deleteBenchTopics(TOPIC_PREFIX).catch((error: unknown) => process.stderr.write(`deleting the topics under ${TOPIC_PREFIX}: ${String(error)}\n`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

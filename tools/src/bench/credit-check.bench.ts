/**
 * Credit-check benchmark (issue 5): requests/s and p99 latency of
 * `GET /api/v1/credit-check/{code}?scenario=GOVERNMENT_PROCUREMENT` on the compiled joint-punishment
 * service (its own process, a fresh database) over 10 000 subjects of which 10% are on the black
 * list, against a bare Nest endpoint (bare-credit-check.ts) answering a constant JSON of the same
 * mean size, on the same machine in the same run. Goal: ratio ≥ 0.5.
 *
 *   npm run build && npm run bench:credit-check
 *
 * Settings: BENCH_SUBJECTS (10000), BENCH_LISTED_SHARE (0.1), BENCH_CONNECTIONS (50),
 * BENCH_DURATION_S (15), KAFKA_BROKERS / DATABASE_URL as for the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, freshUscc, mintToken, ServiceProcess, uniqueName, type TestDatabase } from '@credit/testing';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const LISTED_SHARE = Number(process.env.BENCH_LISTED_SHARE ?? 0.1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const SEED_CONCURRENCY = 8;
const CREDIT_OFFICE = '11450100007712342F';
const PROCUREMENT_CENTRE = freshUscc('12450100');
const FINANCE_BUREAU = freshUscc('11450100');

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

/** Three catalog punishments over two linkage units, two of which bite in government procurement. */
async function seed(base: string, subjects: string[], listed: number): Promise<void> {
  const admin = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['admin'] });
  const reviewer = await mintToken({ sub: CREDIT_OFFICE, name: 'credit-office', roles: ['reviewer'] });
  const measures = [
    { code: 'BENCH-PROCUREMENT', name: '限制参加政府采购活动', unitCodes: [PROCUREMENT_CENTRE, FINANCE_BUREAU], scenarios: ['GOVERNMENT_PROCUREMENT', 'PUBLIC_RESOURCE_TRADING'], legalBasis: '《政府采购法》第二十二条' },
    { code: 'BENCH-FUNDING', name: '限制申请财政性资金项目', unitCodes: [FINANCE_BUREAU], scenarios: ['FISCAL_FUNDING', 'GOVERNMENT_PROCUREMENT'], legalBasis: '国发〔2016〕33号' },
    { code: 'BENCH-TENDERING', name: '限制参与招标投标', unitCodes: [PROCUREMENT_CENTRE], scenarios: ['TENDERING'], legalBasis: '《招标投标法实施条例》' },
  ];
  for (const m of measures) {
    const defined = await json('POST', `${base}/api/v1/measures`, admin, { ...m, kind: 'PUNISHMENT', appliesTo: 'BLACK' });
    if (defined.status !== 201) throw new Error(`measure ${m.code}: ${defined.status} ${defined.text}`);
  }
  await pool(subjects.slice(0, listed), SEED_CONCURRENCY, async (subjectCode) => {
    const created = await json('POST', `${base}/api/v1/list-entries`, reviewer, {
      subjectCode,
      list: 'BLACK',
      category: 'MARKET',
      basis: { recordIds: [crypto.randomUUID()], document: '南市监信〔2025〕12号' },
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

async function main(): Promise<void> {
  const started = Date.now();
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    db = await createTestDatabase('bench_credit_check');
    service = ServiceProcess.start({
      name: 'joint-punishment',
      port: await freePort(),
      env: { DATABASE_URL: db.url, KAFKA_CONSUMER_GROUP: uniqueName('joint-punishment-bench'), LOG_LEVEL: 'warn' },
    });
    await service.waitHealthy(90_000);

    const subjects = Array.from({ length: SUBJECTS }, () => freshUscc());
    const listed = Math.round(SUBJECTS * LISTED_SHARE);
    const seedStart = Date.now();
    await seed(service.url, subjects, listed);
    const seedSeconds = (Date.now() - seedStart) / 1000;

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

    // A short warm-up of each, then the measured runs, back to back.
    await fire(service.url, reader, subjects, 2);
    await fire(bareUrl, reader, subjects, 2);
    const svc = await fire(service.url, reader, subjects, DURATION_S);
    const base = await fire(bareUrl, reader, subjects, DURATION_S);

    const row = (name: string, r: AutocannonResult) =>
      `${name.padEnd(22)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`;
    const ratio = svc.requests.average / base.requests.average;
    const lines = [
      `credit-check benchmark — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`,
      `subjects ${SUBJECTS} (${listed} listed, 3 measures / 2 units), seeded in ${seedSeconds.toFixed(1)} s; ${CONNECTIONS} connections, ${DURATION_S} s each; answer ≈ ${meanBytes} B (constant body ${Buffer.byteLength(body)} B)`,
      row('joint-punishment', svc),
      row('bare Nest endpoint', base),
      `ratio (service / bare) ${ratio.toFixed(2)}   goal ≥ 0.5   ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
      `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    bare?.kill('SIGTERM');
    await service?.stop();
    await db?.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

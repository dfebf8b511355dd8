/**
 * The import CLI against double-publicity as its own compiled process on a real PostgreSQL and
 * Kafka. Build first (`npm run build`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, devEnv, freshUscc, queryDatabase, ServiceProcess, type TestDatabase } from '@credit/testing';
import { runImportCli } from '../src/import/cli';

const DEPARTMENT = '11450100007712342F';
const UNIT = '南宁市市场监督管理局';
const HEADER = [
  '行政相对人名称',
  '行政相对人类别',
  '统一社会信用代码',
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额（万元）',
  '处罚决定日期',
  '公示截止期',
  '处罚机关',
  '处罚机关统一社会信用代码',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
  '失信严重程度',
];

const csvField = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
const csv = (rows: string[][]) => `\uFEFF${[HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;

let sequence = 0;
/** A valid penalty row of the national layout; `over` replaces columns by label. */
function penaltyRow(over: Record<string, string> = {}): string[] {
  const values: Record<string, string> = {
    行政相对人名称: '南宁市示例科技有限公司',
    行政相对人类别: '法人及非法人组织',
    统一社会信用代码: freshUscc(),
    行政处罚决定书文号: `南市监处罚〔2025〕import-${process.pid}-${++sequence}号`,
    违法行为类型: '虚假宣传',
    违法事实: '在官网发布虚假宣传内容',
    处罚依据: '《反不正当竞争法》第二十条',
    处罚类别: '罚款',
    处罚内容: '罚款二千元',
    '罚款金额（万元）': '0.2',
    处罚决定日期: '2025-03-10',
    公示截止期: '',
    处罚机关: UNIT,
    处罚机关统一社会信用代码: DEPARTMENT,
    数据来源单位: UNIT,
    数据来源单位统一社会信用代码: DEPARTMENT,
    失信严重程度: '一般',
    ...over,
  };
  return HEADER.map((label) => values[label]);
}

describe('import CLI → double-publicity', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let dir: string;
  const query = (sql: string, params: unknown[] = []) => queryDatabase(db.url, sql, params);
  const env = { AUTH_JWT_SECRET: devEnv().AUTH_JWT_SECRET };

  async function importFile(args: string[], fetchImpl?: typeof fetch) {
    let stdout = '';
    let stderr = '';
    const code = await runImportCli([...args, '--url', service.url], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t), isTTY: false },
      env,
      fetch: fetchImpl,
      backoffMs: 20,
    });
    return { code, stdout, stderr, count: (label: string) => Number(new RegExp(`^${label}\\s+(\\d+)`, 'm').exec(stdout)?.[1]) };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-e2e-'));
    db = await createTestDatabase('import_e2e');
    service = await ServiceProcess.underTest('double-publicity', db, {}, 120_000);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports valid rows, reports invalid and duplicate ones by line, and a second import creates nothing', async () => {
    const valid = [
      penaltyRow(),
      penaltyRow({ 违法事实: '发布虚假广告，涉及商品"甲"、"乙"\r\n共计2批次', '罚款金额（万元）': '1.5' }),
      penaltyRow({ '罚款金额（万元）': '0.000001' }),
    ];
    const rows = [
      valid[0], // line 2
      valid[1], // lines 3-4 (a line break inside a quoted field)
      penaltyRow({ '罚款金额（万元）': '两千' }), // line 5: cannot be mapped, never sent
      penaltyRow({ 统一社会信用代码: '91450100MA5K12347D' }), // line 6: bad check character, refused by the service
      valid[2], // line 7
      penaltyRow({ 行政处罚决定书文号: valid[0][HEADER.indexOf('行政处罚决定书文号')] }), // line 8: the same decision again
    ];
    const file = join(dir, 'penalties.csv');
    writeFileSync(file, csv(rows));

    const first = await importFile(['--kind', 'penalties', '--file', file, '--batch-size', '4']);
    expect(first.code).toBe(0);
    expect([first.count('rows read'), first.count('CREATED'), first.count('DUPLICATE'), first.count('INVALID'), first.count('failed to send')]).toEqual([6, 3, 1, 2, 0]);
    expect(first.stdout).toContain('(1 not sent: could not be read or mapped)');
    expect(first.stdout).toMatch(/line 5 {2}fineAmount {2}罚款金额（万元） "两千"/);
    expect(first.stdout).toMatch(/line 6 {2}subject\.code {2}subject\.code is not a valid unified social credit code/);
    expect(first.stderr).toContain('column 公示截止期 is not sent');

    const numbers = valid.map((r) => r[HEADER.indexOf('行政处罚决定书文号')]);
    const stored = await query(`SELECT decision_number, record->>'fineAmount' AS fine, record->>'violationFacts' AS facts FROM penalties ORDER BY decision_number`);
    expect(stored.map((r) => r.decision_number).sort()).toEqual([...numbers].sort());
    const byNumber = new Map(stored.map((r) => [r.decision_number, r]));
    expect(numbers.map((n) => byNumber.get(n).fine)).toEqual(['2000.00', '15000.00', '0.01']);
    expect(byNumber.get(numbers[1]).facts).toBe('发布虚假广告，涉及商品"甲"、"乙"\r\n共计2批次');
    // One event per stored record; refused items leave only their count (collection monitoring's 入库率).
    const recordEvents = `SELECT count(*)::int AS n FROM events WHERE type <> 'double-publicity.intake-items-refused'`;
    const [{ n: eventsAfterFirst }] = await query(recordEvents);
    expect(eventsAfterFirst).toBe(3);

    // The same file again: nothing new, every row that was stored or duplicate is DUPLICATE.
    const second = await importFile(['--kind', 'penalties', '--file', file, '--batch-size', '4']);
    expect(second.code).toBe(0);
    expect([second.count('rows read'), second.count('CREATED'), second.count('DUPLICATE'), second.count('INVALID')]).toEqual([6, 0, 4, 2]);
    // Another batch size makes other batches (other keys): still nothing new.
    const third = await importFile(['--kind', 'penalties', '--file', file, '--batch-size', '1000', '--strict']);
    expect([third.count('CREATED'), third.count('DUPLICATE'), third.count('INVALID')]).toEqual([0, 4, 2]);
    expect(third.code).toBe(1); // --strict: INVALID rows fail the run
    const [{ n: eventsAfterAll }] = await query(recordEvents);
    expect(eventsAfterAll).toBe(3);
    for (const { data } of await query(`SELECT data FROM events WHERE type = 'double-publicity.intake-items-refused'`)) {
      expect(Object.keys(data).sort()).toEqual(['counts', 'departmentCode', 'kind']);
    }
    expect((await query(`SELECT count(*)::int AS n FROM penalties`))[0].n).toBe(3);
  }, 180_000);

  it('retries a batch whose answer was lost without storing it twice, and counts it CREATED', async () => {
    const rows = [penaltyRow(), penaltyRow(), penaltyRow()];
    const file = join(dir, 'lost-answer.csv');
    writeFileSync(file, csv(rows));
    let calls = 0;
    // The first request reaches the service and is stored, but its answer never arrives; the second
    // fails on the network; the third gets the first answer again (same Idempotency-Key).
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) {
        await fetch(input, init);
        throw new TypeError('fetch failed (answer lost)');
      }
      if (calls === 2) throw new TypeError('fetch failed (connection refused)');
      return fetch(input, init);
    };
    const before = (await query(`SELECT count(*)::int AS n FROM penalties`))[0].n;
    const run = await importFile(['--kind', 'penalties', '--file', file], flaky);
    expect(calls).toBe(3);
    expect(run.code).toBe(0);
    expect([run.count('CREATED'), run.count('DUPLICATE'), run.count('failed to send')]).toEqual([3, 0, 0]);
    expect((await query(`SELECT count(*)::int AS n FROM penalties`))[0].n).toBe(before + 3);
  }, 120_000);

  it('reports a batch it could not deliver and exits 1; stops at a refused token', async () => {
    const file = join(dir, 'unreachable.csv');
    writeFileSync(file, csv([penaltyRow(), penaltyRow()]));
    const down: typeof fetch = async () => new Response('{"title":"Service Unavailable"}', { status: 503 });
    const run = await importFile(['--kind', 'penalties', '--file', file, '--retries', '2'], down);
    expect(run.code).toBe(1);
    expect([run.count('CREATED'), run.count('failed to send')]).toEqual([0, 2]);
    expect(run.stdout).toContain('gave up after 3 attempts, last: HTTP 503');

    const refused = await importFile(['--kind', 'penalties', '--file', file, '--token', 'not-a-token']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/stopped early: HTTP 401/);
  }, 60_000);

  it('imports the sample files', async () => {
    const samples = join(__dirname, '../src/import/samples');
    const penalties = await importFile(['--kind', 'penalties', '--file', join(samples, 'penalties.csv')]);
    expect({ code: penalties.code, created: penalties.count('CREATED'), invalid: penalties.count('INVALID') }).toEqual({ code: 0, created: 4, invalid: 0 });
    const licenses = await importFile(['--kind', 'licenses', '--file', join(samples, 'licenses.jsonl')]);
    expect({ code: licenses.code, created: licenses.count('CREATED'), invalid: licenses.count('INVALID') }).toEqual({ code: 0, created: 2, invalid: 0 });
    const [person] = await query(`SELECT record FROM penalties WHERE decision_number = '南市监处罚〔2025〕104号'`);
    // A natural person's number is stored masked only.
    expect(JSON.stringify(person.record)).not.toContain('11010519491231002X');
  }, 60_000);

  it('refuses bad arguments with exit code 2', async () => {
    const run = await importFile(['--kind', 'fines', '--file', 'x.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--kind must be penalties or licenses');
  });
});

/**
 * The starter catalog on a running platform (every service its own compiled process, as
 * `npm run local:up` runs them, on the real broker and databases): the compiled loader puts every
 * linkage unit, list category and measure in joint-punishment through its admin endpoints; a second
 * run appends nothing; and with nothing else defined, a black-list entry in a seeded category and a
 * credit check returning the seeded measures work. Build first (`npx tsc -b tsconfig.build.json`).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { bearer, FLOW_DEPARTMENT, freshUscc, penaltyRequest, queryDatabase, RepairPlatform, repoRoot, waitFor } from '@credit/testing';
import { readStarterCatalog } from '../src/catalog/catalog-files';

const catalog = readStarterCatalog();
const LOADER = join(repoRoot(), 'tools/dist/catalog/load-catalog.js');

function load(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [LOADER, '--url', url, ...args],
      { cwd: repoRoot(), env: { ...process.env, CATALOG_UNIT_CODE: FLOW_DEPARTMENT }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const line = (kind: string, unchanged: number, created: number, updated: number) => `${kind}: unchanged ${unchanged}, created ${created}, updated ${updated}`;
const sorted = (values: string[]) => [...values].sort();

describe('starter catalog on a running platform', () => {
  let platform: RepairPlatform;
  let url: string;
  const jp = (method: 'GET' | 'POST', path: string, body?: unknown, token = platform.tokens.reader) => platform.api['joint-punishment'](method, path, body, bearer(token));
  const eventCount = async () => (await queryDatabase<{ n: number }>(platform.databases['joint-punishment'].url, 'SELECT count(*)::int AS n FROM events'))[0].n;

  beforeAll(async () => {
    platform = await RepairPlatform.start({ run: 'catalog' });
    url = platform.services['joint-punishment'].url;
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('loads every linkage unit, list category and measure, each readable with its legal basis and scenarios', async () => {
    const result = await load(url);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(line('linkage units', 0, catalog.units.length, 0));
    expect(result.stdout).toContain(line('list categories', 0, catalog.categories.length, 0));
    expect(result.stdout).toContain(line('measures', 0, catalog.measures.length, 0));

    const measures = await jp('GET', '/api/v1/measures?pageSize=500');
    expect(measures.status).toBe(200);
    expect(measures.body.total).toBe(catalog.measures.length);
    const byCode = new Map<string, Record<string, unknown>>(measures.body.items.map((m: Record<string, unknown>) => [m.code, m]));
    for (const m of catalog.measures) {
      const stored = byCode.get(m.code) as Record<string, unknown> & { scenarios: string[]; unitCodes: string[] };
      expect(stored).toMatchObject({ code: m.code, name: m.name, kind: m.kind, appliesTo: m.appliesTo, legalBasis: m.legalBasis, version: 1 });
      expect(stored.category).toBe(m.category);
      expect(sorted(stored.scenarios)).toEqual(sorted(m.scenarios));
      expect(sorted(stored.unitCodes)).toEqual(sorted(m.unitCodes));
    }
    const one = await jp('GET', `/api/v1/measures/${catalog.measures[0].code}`);
    expect(one.body).toMatchObject({ legalBasis: catalog.measures[0].legalBasis, versions: [expect.objectContaining({ version: 1 })] });

    const categories = await jp('GET', '/api/v1/list-categories?pageSize=500');
    expect(sorted(categories.body.items.map((c: { code: string }) => c.code))).toEqual(sorted(catalog.categories.map((c) => c.code)));
    for (const c of catalog.categories) {
      expect(categories.body.items).toContainEqual(expect.objectContaining({ code: c.code, name: c.name, list: c.list, legalBasis: c.legalBasis }));
    }
    const units = await jp('GET', '/api/v1/linkage-units?pageSize=500');
    expect(sorted(units.body.items.map((u: { code: string }) => u.code))).toEqual(sorted(catalog.units.map((u) => u.code)));
    // The credit website's public catalog shows the measures with their legal basis.
    const publicMeasures = await platform.api['joint-punishment']('GET', '/api/v1/public/catalog/measures?pageSize=500');
    expect(publicMeasures.body.total).toBe(catalog.measures.length);
  });

  it('loads again without changing anything: no new event in joint-punishment', async () => {
    const before = await eventCount();
    const result = await load(url);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(line('linkage units', catalog.units.length, 0, 0));
    expect(result.stdout).toContain(line('list categories', catalog.categories.length, 0, 0));
    expect(result.stdout).toContain(line('measures', catalog.measures.length, 0, 0));
    expect(await eventCount()).toBe(before);
  });

  it('keeps a credit office edit with --keep-edited (local:up), and applies the files without it', async () => {
    const unit = catalog.units[1];
    const edited = await jp('POST', '/api/v1/linkage-units', { code: unit.code, name: unit.name, contact: '信用监管科 0771-0000000' }, platform.tokens.admin);
    expect(edited.status).toBe(201);
    const before = await eventCount();

    const kept = await load(url, '--keep-edited');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(`${line('linkage units', catalog.units.length - 1, 0, 0)}, kept 1 (differ from the files: ${unit.code})`);
    expect(await eventCount()).toBe(before);

    const applied = await load(url);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(line('linkage units', catalog.units.length - 1, 0, 1));
    const now = await jp('GET', `/api/v1/linkage-units/${unit.code}`);
    expect(now.body).toMatchObject({ name: unit.name, version: 3 });
    expect(now.body.contact).toBeUndefined();
  });

  it('with nothing else defined, lists a subject in a seeded category and the credit check returns the seeded measures', async () => {
    const { tokens, api } = platform;
    const code = freshUscc();
    const name = `南宁市目录测试${code.slice(10, 16)}有限公司`;
    const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
    expect((await api['subject-registry']('POST', '/api/v1/subjects', { code, name, kind: 'LEGAL_PERSON' }, bearer(tokens.submitter))).status).toBe(201);
    const penalty = await api['double-publicity'](
      'POST',
      '/api/v1/penalties',
      penaltyRequest({ code, name, unit, decisionNumber: `南市监处罚〔2025〕${code.slice(12)}号` }),
      bearer(tokens.submitter),
    );
    expect(penalty.status).toBe(201);
    expect(penalty.body.publicity.status).toBe('PUBLISHED');

    const entry = await waitFor(
      async () => {
        const listed = await jp(
          'POST',
          '/api/v1/list-entries',
          {
            subjectCode: code,
            list: 'BLACK',
            category: 'MARKET_SERIOUS_ILLEGAL',
            basis: { recordIds: [penalty.body.id], document: '南市监列严〔2025〕2号' },
            initiatingUnit: unit,
            decidedOn: '2025-06-10',
          },
          tokens.reviewer,
        );
        // Until the registration and the penalty reach joint-punishment, it refuses and says why.
        if (listed.status === 422 && ['list-entry.subject-known', 'list-entry.basis-record-known'].includes(listed.body?.rule)) return undefined;
        return listed;
      },
      { timeoutMs: 60_000, description: 'joint-punishment knows the subject and lists it' },
    );
    expect({ status: entry.status, text: entry.status === 201 ? '' : entry.text }).toEqual({ status: 201, text: '' });

    const check = await jp('GET', `/api/v1/credit-check/${code}?scenario=GOVERNMENT_PROCUREMENT`);
    expect(check.status).toBe(200);
    const applied = check.body.measures as { measureCode: string; legalBasis: string; unitCode: string }[];
    const seeded = catalog.measures.find((m) => m.code === 'JP-P-MARKET-REVIEW')!;
    // The market-regulation measure, once per linkage unit, with its legal basis.
    expect(sorted(applied.filter((m) => m.measureCode === seeded.code).map((m) => m.unitCode))).toEqual(sorted(seeded.unitCodes));
    expect(applied.find((m) => m.measureCode === seeded.code)?.legalBasis).toBe(seeded.legalBasis);
    // Only measures of this entry's category (or of every black-list entry) that bite in procurement.
    const expected = catalog.measures
      .filter((m) => m.appliesTo === 'BLACK' && (m.category === undefined || m.category === 'MARKET_SERIOUS_ILLEGAL') && m.scenarios.includes('GOVERNMENT_PROCUREMENT'))
      .map((m) => m.code);
    expect(sorted([...new Set(applied.map((m) => m.measureCode))])).toEqual(sorted(expected));
    expect(check.body.lists).toContainEqual(expect.objectContaining({ category: 'MARKET_SERIOUS_ILLEGAL' }));

    // The judgment debtors' travel restrictions are not this entry's.
    const travel = await jp('GET', `/api/v1/credit-check/${code}?scenario=HIGH_CONSUMPTION`);
    expect(travel.status).toBe(200);
    expect(travel.body.measures).toEqual([]);
  });
});

/**
 * The starter catalog's data files (tools/catalog): loadable as they are, every entry traced to a
 * document, every reference between the files resolved, every value one the services accept.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDIT_CHECK_SCENARIOS, LIST_KINDS, MEASURE_KINDS } from '@credit/contracts';
import { validateUscc } from '@credit/domain-kernel';
import { CATALOG_FILES, catalogProblems, DEFAULT_CATALOG_DIR, measureBody, readStarterCatalog, type StarterCatalog } from '../src/catalog/catalog-files';
import { runCatalogCli } from '../src/catalog/load-catalog';

const catalog = readStarterCatalog();
const clone = (): StarterCatalog => JSON.parse(JSON.stringify(catalog)) as StarterCatalog;

describe('starter catalog files', () => {
  it('are loadable: no problem found', () => {
    expect(catalogProblems(catalog)).toEqual([]);
    expect(catalog.units.length).toBeGreaterThanOrEqual(10);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(6);
    expect(catalog.measures.length).toBeGreaterThanOrEqual(20);
  });

  it('name a known document as the source of every entry', () => {
    const ids = new Set(catalog.sources.map((s) => s.id));
    for (const entry of [...catalog.units, ...catalog.categories, ...catalog.measures]) {
      expect({ code: entry.code, sourced: Array.isArray(entry.source) && entry.source.length > 0 }).toEqual({ code: entry.code, sourced: true });
      for (const id of entry.source) expect({ code: entry.code, source: id, known: ids.has(id) }).toEqual({ code: entry.code, source: id, known: true });
    }
    // Every document is cited by some entry (no dead weight in sources.json).
    const cited = new Set([...catalog.units, ...catalog.categories, ...catalog.measures].flatMap((e) => e.source));
    expect([...ids].filter((id) => !cited.has(id))).toEqual([]);
  });

  it('give every measure linkage units and a list category that are in the files, and allowed scenarios', () => {
    const units = new Set(catalog.units.map((u) => u.code));
    const categories = new Map(catalog.categories.map((c) => [c.code, c]));
    for (const m of catalog.measures) {
      expect(m.unitCodes.filter((code) => !units.has(code))).toEqual([]);
      if (m.category !== undefined) expect({ measure: m.code, list: categories.get(m.category)?.list }).toEqual({ measure: m.code, list: m.appliesTo });
      expect(m.scenarios.length).toBeGreaterThan(0);
      expect(m.scenarios.filter((s) => !CREDIT_CHECK_SCENARIOS.includes(s))).toEqual([]);
      expect(MEASURE_KINDS).toContain(m.kind);
      expect(LIST_KINDS).toContain(m.appliesTo);
      expect(m.legalBasis.trim()).not.toBe('');
    }
  });

  it('cover the black lists of the national memoranda and both lists', () => {
    const names = catalog.categories.map((c) => c.name);
    for (const name of ['市场监督管理严重违法失信名单', '重大税收违法失信主体名单', '失信被执行人名单', '政府采购严重违法失信行为记录名单', '安全生产严重失信主体名单']) {
      expect(names).toContain(name);
    }
    expect(new Set(catalog.measures.map((m) => m.appliesTo))).toEqual(new Set(['BLACK', 'RED']));
    // Every scenario a credit check accepts has at least one punishment.
    const punished = new Set(catalog.measures.filter((m) => m.kind === 'PUNISHMENT').flatMap((m) => m.scenarios));
    expect(CREDIT_CHECK_SCENARIOS.filter((s) => !punished.has(s))).toEqual([]);
  });

  it('use valid placeholder USCCs for the linkage units, and say so', () => {
    for (const u of catalog.units) {
      expect({ code: u.code, valid: validateUscc(u.code).valid, placeholder: u.placeholder }).toEqual({ code: u.code, valid: true, placeholder: true });
    }
    const text = readFileSync(join(DEFAULT_CATALOG_DIR, CATALOG_FILES.units), 'utf8');
    expect(text).toContain('LOCAL PLACEHOLDER');
  });

  it('send only the fields the endpoints take (no source)', () => {
    const body = measureBody(catalog.measures[0]);
    expect(Object.keys(body)).not.toContain('source');
  });

  it.each([
    ['a measure naming a unit not in the files', (c: StarterCatalog) => (c.measures[0].unitCodes = ['91450100MA5K12347C']), 'is not in linkage-units.json'],
    ['a measure naming an unknown category', (c: StarterCatalog) => (c.measures[0].category = 'NO_SUCH_CATEGORY'), 'category NO_SUCH_CATEGORY is not in list-categories.json'],
    ['a scenario the credit check does not accept', (c: StarterCatalog) => (c.measures[0].scenarios = ['TRAVEL' as never]), 'scenario TRAVEL is not one of'],
    ['an entry without source', (c: StarterCatalog) => (c.categories[0].source = []), 'source must name at least one document'],
    ['a source not in sources.json', (c: StarterCatalog) => (c.units[0].source = ['NOWHERE']), 'source NOWHERE is not in sources.json'],
    ['a measure without legal basis', (c: StarterCatalog) => (c.measures[0].legalBasis = ' '), 'legalBasis is required'],
    ['a unit code failing its check character', (c: StarterCatalog) => (c.units[0].code = '11450100007712342A'), 'valid unified social credit code'],
    ['a red-list category on a punishment', (c: StarterCatalog) => (c.measures.find((m) => m.kind === 'PUNISHMENT')!.category = 'INTEGRITY_MODEL'), 'belongs to the RED list'],
  ])('find %s', (_what, breakIt, message) => {
    const broken = clone();
    breakIt(broken);
    expect(catalogProblems(broken).join('\n')).toContain(message);
  });
});

describe('npm run catalog:load -- --check', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {} } };
  };

  it('checks the files and sends nothing', async () => {
    const { out, io: cli } = io();
    expect(await runCatalogCli(['--check'], cli)).toBe(0);
    expect(out.stdout).toBe(`catalog files OK: ${catalog.units.length} linkage units, ${catalog.categories.length} list categories, ${catalog.measures.length} measures\n`);
  });

  it('refuses invalid files with exit code 2, naming each problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      for (const file of Object.values(CATALOG_FILES)) writeFileSync(join(dir, file), readFileSync(join(DEFAULT_CATALOG_DIR, file)));
      const measures = JSON.parse(readFileSync(join(dir, CATALOG_FILES.measures), 'utf8'));
      measures.measures[0].scenarios = ['TRAVEL'];
      writeFileSync(join(dir, CATALOG_FILES.measures), JSON.stringify(measures));
      const { out, io: cli } = io();
      expect(await runCatalogCli(['--dir', dir], cli)).toBe(2);
      expect(out.stderr).toContain('scenario TRAVEL is not one of');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable service clearly, with exit code 1', async () => {
    const { out, io: cli } = io();
    expect(await runCatalogCli(['--url', 'http://127.0.0.1:9'], cli)).toBe(1);
    expect(out.stderr).toMatch(/catalog: NOT LOADED: joint-punishment does not answer at http:\/\/127\.0\.0\.1:9/);
  });
});

/**
 * The seed catalog command: the compiled script run as an operator runs it, against the compiled
 * service on a fresh database. It loads every seed measure once; a second run creates nothing; a
 * measure without a legal basis is refused and makes the command fail. Build first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bearer, devJwtSecret, uniqueName } from '@credit/testing';
import { JointPunishmentFixture, tokenFor } from './support/joint-punishment.fixture';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '../dist/catalog/seed-catalog.js');
const SEED_FILE = join(__dirname, '../catalog/measures.seed.json');

interface Seed {
  units: { key: string; code: string }[];
  listCategories: { code: string; list: string; legalBasis: string }[];
  measures: { code: string; kind: string; appliesTo: string; legalBasis: string; unitCodes: string[]; scenarios: string[] }[];
}

describe('seed-catalog', () => {
  let fixture: JointPunishmentFixture;
  const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as Seed;
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  const seedCommand = (file?: string) =>
    run(process.execPath, [SCRIPT, ...(file ? [file] : [])], {
      env: { ...process.env, AUTH_JWT_SECRET: devJwtSecret(), SEED_API_URL: fixture.service.url },
    }).then(
      ({ stdout }) => ({ code: 0, report: JSON.parse(stdout) }),
      (error: { code: number; stdout: string }) => ({ code: error.code, report: JSON.parse(error.stdout) }),
    );

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'seed' });
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('the seed file has punishments and incentives of domain.md §5, each with its legal basis', () => {
    const codes = seed.measures.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(seed.measures.filter((m) => m.kind === 'PUNISHMENT' && m.appliesTo === 'BLACK').length).toBeGreaterThanOrEqual(8);
    expect(seed.measures.filter((m) => m.kind === 'INCENTIVE' && m.appliesTo === 'RED').length).toBeGreaterThanOrEqual(5);
    const units = new Set(seed.units.map((u) => u.code));
    for (const m of seed.measures) {
      expect(m.legalBasis.trim().length).toBeGreaterThan(0);
      expect(m.scenarios.length).toBeGreaterThan(0);
      for (const unit of m.unitCodes) expect(units).toContain(unit);
    }
  });

  it('loads every measure once; re-running creates nothing new', async () => {
    const first = await seedCommand();
    expect(first).toEqual({ code: 0, report: expect.objectContaining({ created: seed.measures.length, unchanged: 0, differing: [], failed: [] }) });
    // The linkage units and the black and red list categories come first: the measures name them.
    expect(first.report.linkageUnits).toEqual({ created: seed.units.length, unchanged: 0, differing: [], failed: [] });
    expect(first.report.listCategories).toEqual({ created: seed.listCategories.length, unchanged: 0, differing: [], failed: [] });
    expect(new Set(seed.listCategories.map((c) => c.list))).toEqual(new Set(['BLACK', 'RED']));
    const categories = await call('GET', '/api/v1/public/catalog/list-categories?pageSize=500');
    // (beside the fixture's own test categories)
    expect(categories.body.items.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(seed.listCategories.map((c) => c.code)));

    const reader = await tokenFor(seed.units[0].code, 'reader', 'reader');
    const catalog = await call('GET', '/api/v1/measures?page=1&pageSize=500', undefined, bearer(reader));
    expect(catalog.body.total).toBe(seed.measures.length);
    expect(catalog.body.items.map((m: { code: string }) => m.code).sort()).toEqual(seed.measures.map((m) => m.code).sort());

    const second = await seedCommand();
    expect(second).toEqual({ code: 0, report: expect.objectContaining({ created: 0, unchanged: seed.measures.length, differing: [], failed: [] }) });
    expect(second.report.listCategories).toEqual({ created: 0, unchanged: seed.listCategories.length, differing: [], failed: [] });
    const [{ n }] = await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'joint-punishment.measure-defined'`);
    expect(n).toBe(seed.measures.length);
  }, 120_000);

  it('refuses a measure without a legal basis, stores nothing for it, and fails the command', async () => {
    const file = join(tmpdir(), `${uniqueName('seed')}.json`);
    const broken = { ...seed.measures[0], code: 'SEED-NO-BASIS', legalBasis: ' ' };
    writeFileSync(file, JSON.stringify({ edition: 'test', units: seed.units, measures: [broken, seed.measures[1]] }));
    const result = await seedCommand(file);
    expect(result.code).toBe(1);
    expect(result.report).toMatchObject({ created: 0, unchanged: 1, failed: [{ code: 'SEED-NO-BASIS', status: 400 }] });
    const rows = await fixture.query(`SELECT code FROM measures WHERE code = 'SEED-NO-BASIS'`);
    expect(rows).toEqual([]);
  }, 60_000);
});

/**
 * Loads the seed catalogs (`catalog/measures.seed.json`: the linkage units, the black and red list
 * categories and the typical measures of domain.md §5, in that order, since a measure names units
 * and a category) into a running joint-punishment: `npm run -w @credit/joint-punishment seed-catalog
 * [file]`, with `AUTH_JWT_SECRET` (and `AUTH_JWT_ISSUER` / `AUTH_JWT_AUDIENCE` when the service
 * checks them), `SEED_API_URL` (default `http://127.0.0.1:$PORT`, port 3005) and
 * `SEED_DEPARTMENT_CODE` (default: the file's credit office unit).
 *
 * It calls the service's own HTTP API rather than appending to the event store: every seed measure
 * then passes the same checks as one a department defines (a legal basis is required, unit codes
 * are checked), gets its measure-defined event on credit.reference through the outbox and its row
 * in the read model, and the command needs no database credentials. Idempotent: a measure already
 * in the catalog is left alone (compared, and reported when the catalog holds a different text);
 * re-running creates nothing new.
 */
import type { MeasureDefinedV1 } from '@credit/contracts';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SeedListCategory {
  code: string;
  name: string;
  list: 'BLACK' | 'RED';
  legalBasis: string;
  decidingUnitKinds?: string[];
  earliestExitAfterMonths?: number;
  autoExitAfterMonths?: number;
}

export interface SeedCatalogFile {
  edition: string;
  description?: string;
  /** The linkage units (联动单位): every unit a measure names. */
  units: { key: string; code: string; name: string; contact?: string }[];
  listCategories?: SeedListCategory[];
  measures: MeasureDefinedV1[];
}

export interface SeedResult {
  created: string[];
  unchanged: string[];
  /** In the catalog already with other content: left as it is (the catalog is not rewritten by a seed). */
  differing: string[];
  failed: { code: string; status: number; detail: string }[];
}

export const DEFAULT_SEED_FILE = resolve(__dirname, '../../catalog/measures.seed.json');

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An HS256 token with the platform's claims (`sub` = department USCC, `name`, `roles`), valid five minutes. */
export function signAdminToken(secret: string, sub: string, options: { issuer?: string; audience?: string } = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      sub,
      name: 'seed-catalog',
      roles: ['admin'],
      iat,
      exp: iat + 300,
      ...(options.issuer && { iss: options.issuer }),
      ...(options.audience && { aud: options.audience }),
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

export function readSeedFile(path: string): SeedCatalogFile {
  const file = JSON.parse(readFileSync(path, 'utf8')) as SeedCatalogFile;
  if (!Array.isArray(file.measures) || !Array.isArray(file.units)) throw new Error(`${path}: expected { edition, units: [...], measures: [...] }`);
  return file;
}

/** The fields a seed measure and a catalog measure must agree on for the seed to count as loaded. */
function sameMeasure(a: MeasureDefinedV1, b: MeasureDefinedV1): boolean {
  const norm = (m: MeasureDefinedV1) =>
    JSON.stringify([m.code, m.name, m.kind, m.appliesTo, m.category ?? null, [...m.unitCodes].sort(), [...m.scenarios].sort(), m.legalBasis]);
  return norm(a) === norm(b);
}

/** The fields of a catalog entry that a seed entry must agree on (absent and null alike). */
function sameEntry(known: Record<string, unknown>, seed: Record<string, unknown>): boolean {
  return Object.keys(seed).every((key) => JSON.stringify(known[key] ?? null) === JSON.stringify(seed[key] ?? null));
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { detail?: string }).detail ?? text;
  } catch {
    // not problem+json: keep the text
    return text;
  }
}

/**
 * Seeds versioned catalog entries (list categories, linkage units): an entry missing from the
 * catalog is defined; one already there is left as it is (compared, reported when it differs).
 */
export async function seedVersioned(baseUrl: string, token: string, path: string, entries: Record<string, unknown>[]): Promise<SeedResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const result: SeedResult = { created: [], unchanged: [], differing: [], failed: [] };
  for (const entry of entries) {
    const code = String(entry.code);
    const current = await fetch(`${baseUrl}${path}/${encodeURIComponent(code)}`, { headers });
    if (current.ok) {
      (sameEntry((await current.json()) as Record<string, unknown>, entry) ? result.unchanged : result.differing).push(code);
      continue;
    }
    if (current.status !== 404) throw new Error(`GET ${path}/${code}: ${current.status} ${await current.text()}`);
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(entry) });
    if (response.status === 201) result.created.push(code);
    else if (response.status === 200) result.unchanged.push(code);
    else result.failed.push({ code, status: response.status, detail: await problemDetail(response) });
  }
  return result;
}

export async function seedCatalog(baseUrl: string, token: string, measures: MeasureDefinedV1[]): Promise<SeedResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const existing = new Map<string, MeasureDefinedV1>();
  for (let page = 1; ; page++) {
    const response = await fetch(`${baseUrl}/api/v1/measures?page=${page}&pageSize=500`, { headers });
    if (!response.ok) throw new Error(`GET /api/v1/measures: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { items: MeasureDefinedV1[]; total: number };
    for (const item of body.items) existing.set(item.code, item);
    if (body.items.length === 0 || existing.size >= body.total) break;
  }

  const result: SeedResult = { created: [], unchanged: [], differing: [], failed: [] };
  for (const measure of measures) {
    const known = existing.get(measure.code);
    if (known !== undefined) {
      (sameMeasure(known, measure) ? result.unchanged : result.differing).push(measure.code);
      continue;
    }
    const response = await fetch(`${baseUrl}/api/v1/measures`, { method: 'POST', headers, body: JSON.stringify(measure) });
    if (response.status === 201) result.created.push(measure.code);
    // Defined by someone else between the read and this call with the same content (200), or concurrently (409): it is there.
    else if (response.status === 200 || response.status === 409) result.unchanged.push(measure.code);
    else result.failed.push({ code: measure.code, status: response.status, detail: await problemDetail(response) });
  }
  return result;
}

async function main(): Promise<void> {
  const path = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_SEED_FILE;
  const secret = process.env.AUTH_JWT_SECRET;
  if (!secret) throw new Error('AUTH_JWT_SECRET is required (the service verifies the seed command’s token with it)');
  const file = readSeedFile(path);
  const department = process.env.SEED_DEPARTMENT_CODE ?? file.units.find((u) => u.key === 'credit')?.code;
  if (!department) throw new Error('SEED_DEPARTMENT_CODE is required (the file names no credit office unit)');
  const baseUrl = (process.env.SEED_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3005}`).replace(/\/+$/, '');
  const token = signAdminToken(secret, department, { issuer: process.env.AUTH_JWT_ISSUER, audience: process.env.AUTH_JWT_AUDIENCE });
  const units = await seedVersioned(
    baseUrl,
    token,
    '/api/v1/linkage-units',
    file.units.map((u) => ({ code: u.code, name: u.name, ...(u.contact !== undefined && { contact: u.contact }) })),
  );
  const categories = await seedVersioned(baseUrl, token, '/api/v1/list-categories', (file.listCategories ?? []) as unknown as Record<string, unknown>[]);
  const result = await seedCatalog(baseUrl, token, file.measures);
  const summary = (r: SeedResult) => ({ created: r.created.length, unchanged: r.unchanged.length, differing: r.differing, failed: r.failed });
  // The measures' figures at the top level, the other catalogs beside them.
  process.stdout.write(`${JSON.stringify({ edition: file.edition, ...summary(result), linkageUnits: summary(units), listCategories: summary(categories) })}\n`);
  if (result.failed.length + units.failed.length + categories.failed.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed-catalog: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

/**
 * Loads the seed measure catalog (`catalog/measures.seed.json`, the typical measures of
 * domain.md §5) into a running joint-punishment: `npm run -w @credit/joint-punishment seed-catalog
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

export interface SeedCatalogFile {
  edition: string;
  description?: string;
  units: { key: string; code: string; name: string }[];
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
    // Defined by someone else between the read and this call: it is there, which is what the seed wants.
    else if (response.status === 409) result.unchanged.push(measure.code);
    else {
      const text = await response.text();
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        // not problem+json: keep the text
      }
      result.failed.push({ code: measure.code, status: response.status, detail });
    }
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
  const result = await seedCatalog(baseUrl, token, file.measures);
  process.stdout.write(
    `${JSON.stringify({ edition: file.edition, created: result.created.length, unchanged: result.unchanged.length, differing: result.differing, failed: result.failed })}\n`,
  );
  if (result.failed.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed-catalog: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

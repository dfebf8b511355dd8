/**
 * Loads the starter catalog (tools/catalog/*.json: linkage units, list categories, measures) into a
 * running joint-punishment through its own admin endpoints, the ones a credit office uses:
 * POST /api/v1/linkage-units, /api/v1/list-categories, /api/v1/measures (201 a new version, 200 the
 * content is the current version's). Every entry passes the service's own checks (legal basis,
 * GB 32100 unit codes, units and category in the catalog) and gets its event and read-model row.
 *
 *   npm run -s catalog:load [-- --url http://127.0.0.1:3005] [--dir tools/catalog] [--keep-edited] [--check]
 *
 * Idempotent: it reads what the catalog holds first and writes only what differs, so a second run
 * appends nothing. An entry in the catalog with other content is brought to the file's content as
 * its next version (the service keeps every version; entries already listed keep the version they
 * were applied under), unless --keep-edited (what `npm run local:up` uses): then such an entry is
 * left as a credit office edited it, and reported as kept.
 *
 * Token: CATALOG_TOKEN, else an admin token minted from AUTH_JWT_SECRET (environment, else
 * deploy/local/dev.env) for CATALOG_UNIT_CODE, else CREDIT_OFFICE_UNIT_CODE, else SERVICE_UNIT_CODE.
 * URL: --url, else CATALOG_API_URL, else joint-punishment's URL in the ops topology
 * (OPS_URL_JOINT_PUNISHMENT, else the port of deploy/local/services.txt).
 */
import { devEnv, mintToken } from '@credit/testing';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { topologyFromEnvironment } from '../ops/topology';
import { catalogProblems, categoryBody, DEFAULT_CATALOG_DIR, measureBody, readStarterCatalog, unitBody, type StarterCatalog } from './catalog-files';

export type CatalogKind = 'linkage units' | 'list categories' | 'measures';

export interface KindResult {
  kind: CatalogKind;
  unchanged: string[];
  created: string[];
  updated: string[];
  /** In the catalog with other content and left so (--keep-edited). */
  kept: string[];
  failed: { code: string; status: number; detail: string }[];
}

export interface LoadCatalogOptions {
  /** joint-punishment's base URL, e.g. http://127.0.0.1:3005. */
  baseUrl: string;
  /** A Bearer token with role admin. */
  token: string;
  catalog?: StarterCatalog;
  /** Leave entries that differ from the files as they are (a credit office's edits). */
  keepEdited?: boolean;
  /** Each kind's summary line as it is done. */
  log?: (line: string) => void;
}

/** The loader could not do its work (files invalid, service unreachable, an entry refused). */
export class CatalogLoadError extends Error {}

type Entry = Record<string, unknown>;

interface KindSpec {
  kind: CatalogKind;
  path: string;
  bodies: Entry[];
  /** The fields the service compares two definitions on (as its decider does). */
  content: (entry: Entry) => string;
}

const sorted = (values: unknown): string[] => (Array.isArray(values) ? [...new Set(values.map(String))].sort() : []);

const unitContent = (u: Entry) => JSON.stringify([u.name, u.contact ?? null]);
const categoryContent = (c: Entry) =>
  JSON.stringify([c.name, c.list, c.legalBasis, sorted(c.decidingUnitKinds), c.earliestExitAfterMonths ?? null, c.autoExitAfterMonths ?? null]);
const measureContent = (m: Entry) => JSON.stringify([m.name, m.kind, m.appliesTo, m.category ?? null, sorted(m.unitCodes), sorted(m.scenarios), m.legalBasis]);

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; errors?: { message: string }[] };
    return [problem.detail, ...(problem.errors ?? []).map((e) => e.message)].filter(Boolean).join('; ') || text;
  } catch {
    // not problem+json: the text as it came
    return text;
  }
}

class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CatalogLoadError(`joint-punishment does not answer at ${this.baseUrl} (${method} ${path}: ${cause}); is the platform up (npm run local:up)?`);
    }
  }

  /** Every item of a paged list endpoint. */
  async all(path: string): Promise<Entry[]> {
    const items: Entry[] = [];
    for (let page = 1; ; page++) {
      const response = await this.request('GET', `${path}?page=${page}&pageSize=500`);
      if (response.status !== 200) throw new CatalogLoadError(`GET ${path}: HTTP ${response.status} ${await problemDetail(response)}`);
      const body = (await response.json()) as { items: Entry[]; total: number };
      items.push(...body.items);
      if (body.items.length === 0 || items.length >= body.total) return items;
    }
  }
}

async function loadKind(api: Api, spec: KindSpec, keepEdited: boolean): Promise<KindResult> {
  const result: KindResult = { kind: spec.kind, unchanged: [], created: [], updated: [], kept: [], failed: [] };
  const current = new Map((await api.all(spec.path)).map((entry) => [String(entry.code), entry]));
  for (const body of spec.bodies) {
    const code = String(body.code);
    const existing = current.get(code);
    if (existing !== undefined && spec.content(existing) === spec.content(body)) {
      result.unchanged.push(code);
      continue;
    }
    if (existing !== undefined && keepEdited) {
      result.kept.push(code);
      continue;
    }
    const response = await api.request('POST', spec.path, body);
    if (response.status === 201) (existing === undefined ? result.created : result.updated).push(code);
    // The service found nothing new to define (its comparison is the authority).
    else if (response.status === 200) result.unchanged.push(code);
    else result.failed.push({ code, status: response.status, detail: await problemDetail(response) });
  }
  return result;
}

export function summaryLine(result: KindResult): string {
  const kept = result.kept.length > 0 ? `, kept ${result.kept.length} (differ from the files: ${result.kept.join(', ')})` : '';
  const failed = result.failed.length > 0 ? `, FAILED ${result.failed.length}` : '';
  return `${result.kind}: unchanged ${result.unchanged.length}, created ${result.created.length}, updated ${result.updated.length}${kept}${failed}`;
}

/**
 * Loads units, then categories, then measures (a measure names units and a category). Throws a
 * CatalogLoadError naming each refused entry when the service refuses any (a kind with refusals
 * stops the load: later kinds depend on it).
 */
export async function loadCatalog(options: LoadCatalogOptions): Promise<KindResult[]> {
  const catalog = options.catalog ?? readStarterCatalog();
  const problems = catalogProblems(catalog);
  if (problems.length > 0) throw new CatalogLoadError(`the catalog files in ${catalog.dir} are not loadable:\n  ${problems.join('\n  ')}`);
  const api = new Api(options.baseUrl.replace(/\/+$/, ''), options.token);
  const specs: KindSpec[] = [
    { kind: 'linkage units', path: '/api/v1/linkage-units', bodies: catalog.units.map(unitBody), content: unitContent },
    { kind: 'list categories', path: '/api/v1/list-categories', bodies: catalog.categories.map(categoryBody), content: categoryContent },
    { kind: 'measures', path: '/api/v1/measures', bodies: catalog.measures.map(measureBody), content: measureContent },
  ];
  const results: KindResult[] = [];
  for (const spec of specs) {
    const result = await loadKind(api, spec, options.keepEdited ?? false);
    results.push(result);
    options.log?.(summaryLine(result));
    if (result.failed.length > 0) {
      const refused = result.failed.map((f) => `${f.code}: HTTP ${f.status} ${f.detail}`).join('\n  ');
      throw new CatalogLoadError(`joint-punishment refused ${result.failed.length} of the ${spec.kind}:\n  ${refused}`);
    }
  }
  return results;
}

export interface CatalogCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: npm run -s catalog:load -- [--url <joint-punishment URL>] [--dir <catalog dir>] [--keep-edited] [--check]
  --url          joint-punishment's base URL (default CATALOG_API_URL, else OPS_URL_JOINT_PUNISHMENT, else the local port)
  --dir          the catalog files (default tools/catalog)
  --keep-edited  leave entries that differ from the files as they are (what npm run local:up does)
  --check        check the files only; send nothing
Token: CATALOG_TOKEN, else an admin token minted from AUTH_JWT_SECRET for CATALOG_UNIT_CODE / CREDIT_OFFICE_UNIT_CODE.`;

/** Runs the CLI; returns the exit code (0 loaded, 1 not loaded, 2 bad arguments or files). */
export async function runCatalogCli(
  argv: string[],
  io: CatalogCliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let values: { url?: string; dir?: string; 'keep-edited'?: boolean; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        dir: { type: 'string' },
        'keep-edited': { type: 'boolean' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr.write(`catalog: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let catalog: StarterCatalog;
  try {
    catalog = readStarterCatalog(values.dir ? resolve(values.dir) : DEFAULT_CATALOG_DIR);
  } catch (error) {
    io.stderr.write(`catalog: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const problems = catalogProblems(catalog);
  if (problems.length > 0) {
    io.stderr.write(`catalog: the files in ${catalog.dir} are not loadable:\n  ${problems.join('\n  ')}\n`);
    return 2;
  }
  if (values.check) {
    io.stdout.write(`catalog files OK: ${catalog.units.length} linkage units, ${catalog.categories.length} list categories, ${catalog.measures.length} measures\n`);
    return 0;
  }

  const settings: Record<string, string | undefined> = { ...devEnv(), ...io.env };
  const baseUrl =
    values.url ?? settings.CATALOG_API_URL ?? topologyFromEnvironment(io.env).services.find((s) => s.name === 'joint-punishment')?.url ?? 'http://127.0.0.1:3005';
  let token = settings.CATALOG_TOKEN;
  if (!token) {
    const unit = settings.CATALOG_UNIT_CODE ?? settings.CREDIT_OFFICE_UNIT_CODE ?? settings.SERVICE_UNIT_CODE;
    if (!settings.AUTH_JWT_SECRET || !unit) {
      io.stderr.write('catalog: set CATALOG_TOKEN, or AUTH_JWT_SECRET and CATALOG_UNIT_CODE (the credit office USCC), to get an admin token\n');
      return 2;
    }
    token = await mintToken({ sub: unit, name: 'starter-catalog', roles: ['admin'], secret: settings.AUTH_JWT_SECRET, expiresIn: '10m' });
  }
  io.stdout.write(`loading the starter catalog (${catalog.dir}) into joint-punishment at ${baseUrl}\n`);
  try {
    await loadCatalog({ baseUrl, token, catalog, keepEdited: values['keep-edited'] ?? false, log: (line) => io.stdout.write(`  ${line}\n`) });
    return 0;
  } catch (error) {
    io.stderr.write(`catalog: NOT LOADED: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runCatalogCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Imports a department's penalty or licensing decisions (双公示) from a CSV or JSON-lines file into
 * double-publicity, through `POST /api/v1/{penalties,licenses}/batch`.
 *
 *   npm run build
 *   npm run import -- --kind penalties --file tools/src/import/samples/penalties.csv
 *   npm run import -- --kind licenses --file licences.jsonl --url http://127.0.0.1:3002 --token "$TOKEN"
 *
 * Columns: the national field layout's labels (行政相对人名称, 统一社会信用代码, 行政处罚决定书文号,
 * 罚款金额（万元）, 许可决定日期, ...) or the API's own field names (`decisionNumber`, `subject.name`, ...),
 * mixed freely; the whole table is tools/src/import/national-fields.ts. Amounts in 万元 become yuan
 * exactly, dates are read in the usual forms, 行政相对人类别 and 处罚类别 are mapped. CSV per RFC 4180
 * (quoted fields with commas and line breaks, a UTF-8 BOM); JSON lines: one object per line, flat
 * labels or the API's nested shape. A row that cannot be mapped is reported INVALID with its line and
 * never sent; the service checks every other row and answers CREATED, DUPLICATE or INVALID per row.
 *
 * Each batch is sent with an Idempotency-Key derived from the file's content hash and the batch
 * number, and retried with backoff on 5xx, 409, 429 and network errors. Importing the same file
 * again creates nothing new: every row comes back DUPLICATE. Progress goes to stderr (a bar on a
 * terminal, plain lines otherwise); the summary to stdout. Exit code 0 when every batch was
 * delivered (INVALID rows do not fail the run unless --strict), 1 when some were not, 2 for bad
 * arguments.
 *
 * Token: --token, or minted from AUTH_JWT_SECRET in the environment for --sub (default: the source
 * unit of the file's first row) with the role submitter.
 */
import { parseArgs } from 'node:util';
import { validateUscc } from '@credit/domain-kernel';
import { mintToken } from '@credit/testing';
import { runImport, scanFeed, type ImportSummary } from './importer';
import type { ImportKind } from './national-fields';
import { formatOf } from './rows';

export const IMPORT_USAGE = `usage: npm run import -- --kind penalties|licenses --file <data.csv|data.jsonl> [options]
  --url <base>         double-publicity's base URL (default http://127.0.0.1:3002)
  --token <jwt>        Bearer token; without it one is minted from AUTH_JWT_SECRET in the environment
  --sub <USCC>         the department of a minted token (default: the source unit of the first row)
  --batch-size <n>     rows per request, 1-1000 (default 1000)
  --format csv|jsonl   when the file name does not say (.csv, .jsonl, .ndjson)
  --severity GENERAL|SERIOUS   for penalty rows without 失信严重程度 (the national layout has no such column)
  --strict             exit 1 when any row is INVALID
  --max-errors <n>     errors listed in the summary (default 20; all are counted)
  --retries <n>        attempts after the first for a batch that failed with 5xx, 409, 429 or a network error (default 5)`;

export interface ImportCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** First retry backoff in ms (default 500). */
  backoffMs?: number;
}

class UsageError extends Error {}

/** Runs the import; resolves to the exit code. */
export async function runImportCli(
  argv: string[],
  io: ImportCliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout.write(`${IMPORT_USAGE}\n`);
      return 0;
    }
  } catch (error) {
    io.stderr.write(`import: ${describe(error)}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const options = parsed;
  try {
    const scan = await scanFeed(options.file, options.format, options.kind);
    for (const { header, note } of scan.columns.ignored) io.stderr.write(`import: column ${header} is not sent: ${note}\n`);
    if (scan.columns.unknown.length > 0) {
      io.stderr.write(`import: columns not in the national layout nor API field names, ignored: ${scan.columns.unknown.join(', ')}\n`);
    }
    const token = options.token ?? (await mintFor(options.sub ?? scan.firstSourceUnit, io.env));
    const summary = await runImport({
      ...options,
      token,
      scan,
      backoffMs: io.backoffMs ?? 500,
      stderr: io.stderr,
      fetch: io.fetch,
    });
    io.stdout.write(formatSummary(options.kind, options.file, options.url, scan.sha256, summary));
    if (summary.failed > 0 || summary.aborted) return 1;
    return options.strict && summary.invalid > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`import: ${describe(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

interface CliOptions {
  kind: ImportKind;
  file: string;
  format: 'csv' | 'jsonl';
  url: string;
  token?: string;
  sub?: string;
  batchSize: number;
  severity?: string;
  strict: boolean;
  maxErrors: number;
  retries: number;
}

function parse(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      kind: { type: 'string' },
      file: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3002' },
      token: { type: 'string' },
      sub: { type: 'string' },
      'batch-size': { type: 'string', default: '1000' },
      format: { type: 'string' },
      severity: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'max-errors': { type: 'string', default: '20' },
      retries: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.kind !== 'penalties' && values.kind !== 'licenses') throw new UsageError('--kind must be penalties or licenses');
  if (!values.file) throw new UsageError('--file is required');
  const batchSize = integer('--batch-size', values['batch-size'] as string, 1, 1000);
  if (values.severity !== undefined && !['GENERAL', 'SERIOUS'].includes(values.severity)) throw new UsageError('--severity must be GENERAL or SERIOUS');
  if (values.severity !== undefined && values.kind !== 'penalties') throw new UsageError('--severity applies to penalties only');
  let url: URL;
  try {
    url = new URL(values.url as string);
  } catch {
    throw new UsageError(`--url ${values.url} is not a URL`);
  }
  return {
    kind: values.kind,
    file: values.file,
    format: formatOf(values.file, values.format),
    url: url.toString().replace(/\/+$/, ''),
    token: values.token,
    sub: values.sub,
    batchSize,
    severity: values.severity,
    strict: values.strict as boolean,
    maxErrors: integer('--max-errors', values['max-errors'] as string, 0, 100_000),
    retries: integer('--retries', values.retries as string, 0, 20),
  };
}

async function mintFor(sub: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const secret = env.AUTH_JWT_SECRET;
  if (!secret) throw new UsageError('give --token, or set AUTH_JWT_SECRET in the environment to mint one');
  if (!sub) throw new UsageError('give --sub: no row names its source unit (数据来源单位统一社会信用代码)');
  const code = validateUscc(sub);
  if (!code.valid) throw new UsageError(`${sub} is not a valid unified social credit code for the token's department`);
  return mintToken({ sub: code.normalized, roles: ['submitter'], secret, expiresIn: '8h' });
}

export function formatSummary(kind: ImportKind, file: string, url: string, sha256: string, s: ImportSummary): string {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? s.rowsRead / seconds : s.rowsRead;
  const row = (label: string, value: string | number, note = '') => `${label.padEnd(16)}${String(value).padStart(10)}${note}\n`;
  const shown = s.errors.length;
  let out = `import of ${kind} from ${file} (sha256 ${sha256.slice(0, 12)}) to ${url}\n`;
  out += row('rows read', s.rowsRead);
  out += row('CREATED', s.created);
  out += row('DUPLICATE', s.duplicate);
  out += row('INVALID', s.invalid, s.notSent > 0 ? `  (${s.notSent} not sent: could not be read or mapped)` : '');
  out += row('failed to send', s.failed);
  out += row('elapsed', `${seconds.toFixed(2)} s`);
  out += row('rows/s', rate.toFixed(1));
  if (s.aborted) out += `stopped early: ${s.aborted}\n`;
  if (shown > 0) {
    out += `first ${shown} error${shown === 1 ? '' : 's'} of ${s.errorCount}:\n`;
    for (const e of s.errors) out += `  line ${e.line}  ${e.field || '-'}  ${e.message}\n`;
  }
  return out;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  void runImportCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

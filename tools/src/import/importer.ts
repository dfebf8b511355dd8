/**
 * Sends a feed file to `/api/v1/{penalties,licenses}/batch` in batches and tallies the per-item
 * answers. Each batch carries an Idempotency-Key derived from the file's content hash, the record
 * type, the batch size and the batch number: a retry after a lost answer gets the first answer
 * again instead of storing anything twice, and a later run of the same file is told the batch was
 * already taken (what the earlier run created is then counted DUPLICATE: this run created nothing).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mapRow, type RowError } from './mapping';
import type { ImportKind } from './national-fields';
import { Progress, type ProgressCounts } from './progress';
import { readFeed, type ColumnNotes, type FeedFormat } from './rows';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  format: FeedFormat;
  /** Base URL of double-publicity, e.g. http://127.0.0.1:3002. */
  url: string;
  token: string;
  batchSize: number;
  /** Severity for penalty rows that give none. */
  severity?: string;
  /** Attempts after the first for a batch answered 5xx/409/429 or lost on the network. */
  retries: number;
  /** First backoff (doubles per attempt, at most 30 s). */
  backoffMs: number;
  /** At most this many errors are kept for the summary (all are counted). */
  maxErrors: number;
  /** What the first pass found (content hash and row count). */
  scan: FeedScan;
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Non-TTY progress lines at most this often (default 5 s). */
  progressIntervalMs?: number;
  fetch?: typeof fetch;
}

export interface ImportError {
  line: number;
  field: string;
  message: string;
}

export interface ImportSummary {
  rowsRead: number;
  created: number;
  duplicate: number;
  invalid: number;
  /** Of `invalid`: rows refused here (could not be read or mapped) and never sent. */
  notSent: number;
  /** Rows of batches that could not be delivered (after the retries) or were refused as a whole. */
  failed: number;
  /** The first `maxErrors` errors (line, field, message). */
  errors: ImportError[];
  /** All errors, listed or not. */
  errorCount: number;
  elapsedMs: number;
  /** Set when the run stopped early (e.g. the token was refused): no later batch could succeed. */
  aborted?: string;
}

export interface FeedScan {
  sha256: string;
  rows: number;
  /** The source unit code of the first row that names one (the department a minted token is for). */
  firstSourceUnit?: string;
  columns: ColumnNotes;
}

/** The first pass over the file: its content hash (for the idempotency keys), its rows and columns. */
export async function scanFeed(file: string, format: FeedFormat, kind: ImportKind): Promise<FeedScan> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const columns: ColumnNotes = { ignored: [], unknown: [] };
  let rows = 0;
  let firstSourceUnit: string | undefined;
  for await (const row of readFeed(file, format, kind, columns)) {
    rows++;
    if (firstSourceUnit === undefined && 'cells' in row) {
      const mapped = mapRow(kind, row.cells);
      const code = mapped.ok ? (mapped.item.sourceUnit as { code?: unknown } | undefined)?.code : undefined;
      if (typeof code === 'string') firstSourceUnit = code.trim().toUpperCase();
    }
  }
  return { sha256: hash.digest('hex'), rows, firstSourceUnit, columns };
}

interface BatchItem {
  line: number;
  item: Record<string, unknown>;
}

interface ItemResult {
  index: number;
  status: 'CREATED' | 'DUPLICATE' | 'INVALID';
  errors?: RowError[];
}

type Delivery = { ok: true; results: ItemResult[]; replayedFirstAttempt: boolean } | { ok: false; reason: string; fatal: boolean };

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const summary: ImportSummary = { rowsRead: 0, created: 0, duplicate: 0, invalid: 0, notSent: 0, failed: 0, errors: [], errorCount: 0, elapsedMs: 0 };
  const addError = (error: ImportError): void => {
    summary.errorCount++;
    if (summary.errors.length < options.maxErrors) summary.errors.push(error);
  };
  const progress = new Progress(options.stderr, options.scan.rows, options.progressIntervalMs ?? 5000);
  const counts = (): ProgressCounts => ({ done: summary.rowsRead, ...summary });

  let batch: BatchItem[] = [];
  let batchNumber = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0 || summary.aborted) {
      batch = [];
      return;
    }
    batchNumber++;
    const sent = batch;
    batch = [];
    const delivery = await deliver(options, batchNumber, sent.map((b) => b.item));
    if (!delivery.ok) {
      summary.failed += sent.length;
      addError({ line: sent[0].line, field: '', message: `batch ${batchNumber} (lines ${sent[0].line}–${sent[sent.length - 1].line}) not delivered: ${delivery.reason}` });
      if (delivery.fatal) summary.aborted = delivery.reason;
      return;
    }
    for (const result of delivery.results) {
      const line = sent[result.index]?.line ?? 0;
      if (result.status === 'CREATED') {
        // Answered from an earlier run's request with the same key: this run created nothing.
        if (delivery.replayedFirstAttempt) summary.duplicate++;
        else summary.created++;
      } else if (result.status === 'DUPLICATE') {
        summary.duplicate++;
      } else {
        summary.invalid++;
        for (const error of result.errors ?? [{ field: '', message: 'refused' }]) addError({ line, field: error.field, message: error.message });
      }
    }
  };

  for await (const row of readFeed(options.file, options.format, options.kind)) {
    summary.rowsRead++;
    if ('error' in row) {
      summary.invalid++;
      summary.notSent++;
      addError({ line: row.line, ...row.error });
    } else {
      const mapped = mapRow(options.kind, row.cells, { severity: options.severity });
      if (mapped.ok) batch.push({ line: row.line, item: mapped.item });
      else {
        summary.invalid++;
        summary.notSent++;
        for (const error of mapped.errors) addError({ line: row.line, ...error });
      }
    }
    if (batch.length >= options.batchSize) await flush();
    progress.update(counts());
    if (summary.aborted) break;
  }
  await flush();
  summary.elapsedMs = Date.now() - started;
  progress.finish(counts());
  return summary;
}

/** One batch to the service, with retries for answers that may succeed later. */
async function deliver(options: ImportOptions, batchNumber: number, items: Record<string, unknown>[]): Promise<Delivery> {
  const doFetch = options.fetch ?? fetch;
  const key = `import-${options.scan.sha256.slice(0, 40)}-${options.kind}-${options.batchSize}-${batchNumber}`;
  const url = `${options.url.replace(/\/+$/, '')}/api/v1/${options.kind}/batch`;
  const body = JSON.stringify({ items });
  let lastReason = '';
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleep(Math.min(30_000, options.backoffMs * 2 ** (attempt - 1)));
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
    } catch (error) {
      lastReason = `network error: ${describe(error)}`;
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.status === 200) {
      const results = parseResults(text, items.length);
      if (!results) return { ok: false, reason: `unexpected answer: ${text.slice(0, 200)}`, fatal: true };
      return { ok: true, results, replayedFirstAttempt: attempt === 0 && response.headers.get('idempotent-replayed') === 'true' };
    }
    lastReason = `HTTP ${response.status}${problemDetail(text)}`;
    // 409: the same key still in progress (a lost answer being retried); 429 and 5xx: try again later.
    if (response.status === 409 || response.status === 429 || response.status >= 500) continue;
    // 401/403 (token), 404 (wrong URL), 413 (too large), 422 (key reused with another body): no later batch fares better.
    return { ok: false, reason: lastReason, fatal: [401, 403, 404, 413, 422].includes(response.status) };
  }
  return { ok: false, reason: `gave up after ${options.retries + 1} attempts, last: ${lastReason}`, fatal: false };
}

function parseResults(text: string, count: number): ItemResult[] | null {
  try {
    const body = JSON.parse(text) as { results?: unknown };
    if (!Array.isArray(body.results) || body.results.length !== count) return null;
    return body.results as ItemResult[];
  } catch {
    return null;
  }
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const detail = problem.detail ?? problem.title;
    return typeof detail === 'string' ? `: ${detail}` : '';
  } catch {
    return text ? `: ${text.slice(0, 200)}` : '';
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A stand-in for the national platforms (信用中国 / 全国信用信息共享平台, 国家企业信用信息公示系统)
 * speaking the connector's documented JSON protocol (api-contract.md, national-connector), for local
 * runs and tests. It records every request, answers a repeated Idempotency-Key with the first
 * response, and can be told to fail the next calls (of every target, or of one) so that retries
 * and backpressure can be exercised. It answers the protocol's reconciliation listing (what it holds
 * per target), and can be told to lose a delivery so that reconciliation can be exercised.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The feeds the national platforms accept (api-contract.md, national-connector). */
export const SANDBOX_FEED_PATHS = ['/publicity/penalties', '/publicity/licenses', '/list-entries', '/repair-results', '/feedback/monthly', '/publicity/objection-outcomes', '/credit-loan/supporting-records', '/publicity/penalties/withdrawals', '/list-entries/exits', '/commitments', '/commitments/outcomes', '/grading/results', '/grading/inspection-results'] as const;

export interface ReceivedRequest {
  receiptId: string | null;
  method: string;
  path: string;
  target: string | null;
  idempotencyKey: string | null;
  body: unknown;
  receivedAt: string;
  /** The HTTP status the sandbox answered with. */
  status: number;
  /** A repeated key for the same path and target: answered with the first response. */
  duplicate: boolean;
}

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Appends every recorded request as one JSON line. */
  recordFile?: string;
}

export interface RunningSandbox {
  readonly port: number;
  readonly url: string;
  readonly server: Server;
  /** Everything recorded so far (a copy). */
  received(filter?: { path?: string; target?: string }): ReceivedRequest[];
  /**
   * The next `count` feed calls answer `status` (default 503); with `target`, only that target's
   * calls (the others answer as usual; `count` 0 ends it), with `retryAfterSeconds` as Retry-After.
   */
  failNext(count: number, status?: number, options?: FailOptions): void;
  /**
   * Loses a delivery, as a national platform that dropped it would: its receipt is no longer held
   * (the reconciliation listing omits it, the key is accepted anew) and leaves the request log.
   * False when no such receipt is held.
   */
  forget(receiptId: string): boolean;
  reset(): void;
  close(): Promise<void>;
}

export interface FailOptions {
  target?: string;
  /** Only calls to this feed path fail (and count down); calls to other paths answer as usual. */
  path?: string;
  retryAfterSeconds?: number;
}

/** A delivery the sandbox holds, as its reconciliation listing answers it. */
export interface SandboxReceipt {
  receiptId: string;
  path: string;
  target: string | null;
  idempotencyKey: string;
  receivedAt: string;
}

interface Failures {
  count: number;
  status: number;
  path?: string;
  retryAfterSeconds?: number;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const received: ReceivedRequest[] = [];
  const firstResponses = new Map<string, SandboxReceipt>();
  let failures: Failures = { count: 0, status: 503 };
  const targetFailures = new Map<string, Failures>();

  const record = (entry: ReceivedRequest) => {
    received.push(entry);
    if (options.recordFile) appendFileSync(options.recordFile, `${JSON.stringify(entry)}\n`);
  };
  const filtered = (filter: { path?: string; target?: string } = {}) =>
    received.filter((r) => (!filter.path || r.path === filter.path) && (!filter.target || r.target === filter.target)).map((r) => ({ ...r }));
  const reset = () => {
    received.length = 0;
    firstResponses.clear();
    failures = { count: 0, status: 503 };
    targetFailures.clear();
  };
  const failNext = (count: number, status = 503, options: FailOptions = {}) => {
    const set: Failures = { count, status, path: options.path, retryAfterSeconds: options.retryAfterSeconds };
    if (options.target === undefined) failures = set;
    else targetFailures.set(options.target, set);
  };
  const forget = (receiptId: string): boolean => {
    const held = [...firstResponses].find(([, receipt]) => receipt.receiptId === receiptId);
    if (!held) return false;
    firstResponses.delete(held[0]);
    for (let i = received.length - 1; i >= 0; i--) if (received[i].receiptId === receiptId) received.splice(i, 1);
    return true;
  };
  /** The failure the next call to `target` meets, counted down; undefined when it goes through. */
  const nextFailure = (target: string | null, path: string): Failures | undefined => {
    const applies = (f: Failures | undefined) => f !== undefined && f.count > 0 && (f.path === undefined || f.path === path);
    const own = target === null ? undefined : targetFailures.get(target);
    const due = applies(own) ? own : applies(failures) ? failures : undefined;
    if (due) due.count -= 1;
    return due;
  };
  const holdings = (target: string, from: number, to: number): SandboxReceipt[] =>
    [...firstResponses.values()].filter((r) => r.target === target && Date.parse(r.receivedAt) >= from && Date.parse(r.receivedAt) <= to).map((r) => ({ ...r }));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/health' && method === 'GET') return send(res, 200, { status: 'ok' });
    if (path === '/_received' && method === 'GET') {
      return send(res, 200, { items: filtered({ path: url.searchParams.get('path') ?? undefined, target: url.searchParams.get('target') ?? undefined }) });
    }
    if (path === '/_received' && method === 'DELETE') {
      reset();
      return send(res, 204);
    }
    if (path.startsWith('/_received/') && method === 'DELETE') {
      return forget(decodeURIComponent(path.slice('/_received/'.length))) ? send(res, 204) : send(res, 404, { error: 'no such receipt' });
    }
    if (path === '/reconciliation/receipts' && method === 'GET') {
      const target = url.searchParams.get('target');
      const from = Date.parse(url.searchParams.get('from') ?? '1970-01-01T00:00:00Z');
      const to = Date.parse(url.searchParams.get('to') ?? '9999-12-31T23:59:59Z');
      if (!target || Number.isNaN(from) || Number.isNaN(to)) return send(res, 400, { error: 'target is required; from and to must be ISO 8601 timestamps' });
      return send(res, 200, { items: holdings(target, from, to) });
    }
    if (path === '/_control/fail' && method === 'POST') {
      const body = (await readJson(req)) as { count?: unknown; status?: unknown; target?: unknown; retryAfterSeconds?: unknown } | undefined;
      const count = Number(body?.count ?? 1);
      const status = Number(body?.status ?? 503);
      const retryAfterSeconds = body?.retryAfterSeconds === undefined ? undefined : Number(body.retryAfterSeconds);
      const target = typeof body?.target === 'string' ? body.target : undefined;
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(status) || status < 100 || status > 599 || (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0))) {
        return send(res, 400, { error: 'count must be an integer >= 0, status an HTTP status, retryAfterSeconds an integer >= 0' });
      }
      failNext(count, status, { target, retryAfterSeconds });
      return send(res, 200, { count, status, target: target ?? null, retryAfterSeconds: retryAfterSeconds ?? null });
    }
    if (method !== 'POST' || !(SANDBOX_FEED_PATHS as readonly string[]).includes(path)) return send(res, 404, { error: 'not found' });

    const target = url.searchParams.get('target');
    const key = headerValue(req, 'idempotency-key');
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      record({ receiptId: null, method, path, target, idempotencyKey: key, body: null, receivedAt: new Date().toISOString(), status: 400, duplicate: false });
      return send(res, 400, { error: 'body must be JSON' });
    }
    const base = { method, path, target, idempotencyKey: key, body, receivedAt: new Date().toISOString() };
    if (!key) {
      record({ ...base, receiptId: null, status: 400, duplicate: false });
      return send(res, 400, { error: 'Idempotency-Key header is required' });
    }
    const failure = nextFailure(target, path);
    if (failure) {
      record({ ...base, receiptId: null, status: failure.status, duplicate: false });
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      return send(res, failure.status, { error: 'sandbox told to fail' }, headers);
    }
    const dedupKey = `${path}?target=${target ?? ''}#${key}`;
    const first = firstResponses.get(dedupKey);
    if (first) {
      record({ ...base, receiptId: first.receiptId, status: 200, duplicate: true });
      return send(res, 200, { receiptId: first.receiptId, duplicate: true });
    }
    const receiptId = randomUUID();
    firstResponses.set(dedupKey, { receiptId, path, target, idempotencyKey: key, receivedAt: base.receivedAt });
    record({ ...base, receiptId, status: 200, duplicate: false });
    return send(res, 200, { receiptId });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    received: filtered,
    failNext,
    forget,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() ? first.trim() : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() ? JSON.parse(text) : undefined;
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

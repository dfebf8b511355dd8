/**
 * A stand-in for the national platforms (信用中国 / 全国信用信息共享平台, 国家企业信用信息公示系统)
 * speaking the connector's documented JSON protocol (api-contract.md, national-connector), for local
 * runs and tests. It records every request, answers a repeated Idempotency-Key with the first
 * response, and can be told to fail the next calls so that retries can be exercised.
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
  /** The next `count` feed calls answer `status` (default 503). */
  failNext(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const received: ReceivedRequest[] = [];
  const firstResponses = new Map<string, { receiptId: string }>();
  let failures = { count: 0, status: 503 };

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
  };

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
    if (path === '/_control/fail' && method === 'POST') {
      const body = (await readJson(req)) as { count?: unknown; status?: unknown } | undefined;
      const count = Number(body?.count ?? 1);
      const status = Number(body?.status ?? 503);
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(status) || status < 100 || status > 599) {
        return send(res, 400, { error: 'count must be an integer >= 0, status an HTTP status' });
      }
      failures = { count, status };
      return send(res, 200, failures);
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
    if (failures.count > 0) {
      failures.count -= 1;
      record({ ...base, receiptId: null, status: failures.status, duplicate: false });
      return send(res, failures.status, { error: 'sandbox told to fail' });
    }
    const dedupKey = `${path}?target=${target ?? ''}#${key}`;
    const first = firstResponses.get(dedupKey);
    if (first) {
      record({ ...base, receiptId: first.receiptId, status: 200, duplicate: true });
      return send(res, 200, { receiptId: first.receiptId, duplicate: true });
    }
    const receiptId = randomUUID();
    firstResponses.set(dedupKey, { receiptId });
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
    failNext: (count, status = 503) => {
      failures = { count, status };
    },
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

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

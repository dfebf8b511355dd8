import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  repoRoot,
  type RunningSandbox,
  startSandbox,
  waitFor,
} from '@credit/testing';

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, body: r.status === 204 ? undefined : await r.json() }),
  );

describe('sandbox national platform', () => {
  let sandbox: RunningSandbox;
  let recordFile: string;

  beforeAll(async () => {
    recordFile = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'received.jsonl');
    sandbox = await startSandbox({ port: 0, recordFile });
  });
  afterAll(() => sandbox?.close());
  beforeEach(() => fetch(`${sandbox.url}/_received`, { method: 'DELETE' }));

  it('accepts a feed call with an Idempotency-Key and records it (memory and JSON-lines file)', async () => {
    const answer = await post(sandbox.url, '/repair-results?target=credit-china', { applicationId: 'A-1' }, { 'Idempotency-Key': 'evt-1' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ receiptId: expect.any(String) });
    const listed = await (await fetch(`${sandbox.url}/_received?path=/repair-results&target=credit-china`)).json();
    expect(listed.items).toEqual([
      expect.objectContaining({ method: 'POST', path: '/repair-results', target: 'credit-china', idempotencyKey: 'evt-1', body: { applicationId: 'A-1' }, status: 200, duplicate: false, receiptId: answer.body.receiptId }),
    ]);
    const lines = readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ path: '/repair-results', idempotencyKey: 'evt-1' });
  });

  it('refuses a call without Idempotency-Key (400) and unknown paths (404)', async () => {
    expect((await post(sandbox.url, '/list-entries?target=credit-china', {})).status).toBe(400);
    expect((await post(sandbox.url, '/elsewhere', {}, { 'Idempotency-Key': 'k' })).status).toBe(404);
  });

  it('answers a repeated key for the same path and target with the first receipt, marked duplicate; another target is new', async () => {
    const first = await post(sandbox.url, '/repair-results?target=credit-china', { n: 1 }, { 'Idempotency-Key': 'evt-2' });
    const again = await post(sandbox.url, '/repair-results?target=credit-china', { n: 1 }, { 'Idempotency-Key': 'evt-2' });
    const other = await post(sandbox.url, '/repair-results?target=enterprise-publicity', { n: 1 }, { 'Idempotency-Key': 'evt-2' });
    expect(again).toEqual({ status: 200, body: { receiptId: first.body.receiptId, duplicate: true } });
    expect(other.body.receiptId).not.toBe(first.body.receiptId);
    const china = sandbox.received({ path: '/repair-results', target: 'credit-china' });
    expect(china.map((r) => r.duplicate)).toEqual([false, true]);
    expect(sandbox.received({ target: 'enterprise-publicity' })).toHaveLength(1);
  });

  it('fails the next calls as told, then accepts again', async () => {
    expect((await post(sandbox.url, '/_control/fail', { count: 2 })).status).toBe(200);
    const key = { 'Idempotency-Key': 'evt-3' };
    expect((await post(sandbox.url, '/publicity/penalties?target=credit-china', {}, key)).status).toBe(503);
    expect((await post(sandbox.url, '/publicity/penalties?target=credit-china', {}, key)).status).toBe(503);
    const ok = await post(sandbox.url, '/publicity/penalties?target=credit-china', {}, key);
    expect(ok.status).toBe(200);
    expect(ok.body.duplicate).toBeUndefined();
    await post(sandbox.url, '/_control/fail', { count: 1, status: 400 });
    expect((await post(sandbox.url, '/feedback/monthly?target=shared-platform', {}, { 'Idempotency-Key': 'evt-4' })).status).toBe(400);
    expect(sandbox.received().map((r) => r.status)).toEqual([503, 503, 200, 400]);
  });

  it('runs as a process on SANDBOX_PORT and answers /health', async () => {
    const port = await freePort();
    // The compiled entry point, as operators run it (`npx tsc -b tools` first).
    const entry = join(repoRoot(), 'tools/dist/sandbox-national-platform.js');
    const proc = spawn(process.execPath, [entry], { env: { ...process.env, SANDBOX_PORT: String(port) }, stdio: 'ignore' });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 10_000 });
    } finally {
      proc.kill('SIGTERM');
    }
  });
});

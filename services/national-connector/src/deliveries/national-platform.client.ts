import { Injectable } from '@nestjs/common';
import { NationalConnectorConfig } from '../config';
import type { CallResult } from './delivery-attempt';
import { parseRetryAfter } from './target-pause';

/** Enough of an answer body to tell operations why a call was refused. */
const MAX_BODY_CHARS = 1000;

/** One delivery the national side holds, as its reconciliation listing reports it. */
export interface NationalReceipt {
  receiptId: string;
  path: string;
  target: string;
  idempotencyKey: string;
  receivedAt: string;
}

/** The national side could not be asked (no answer, or not a 2xx with a listing). */
export class NationalPlatformUnavailableError extends Error {}

/** Calls to the national platform's JSON protocol. */
@Injectable()
export class NationalPlatformClient {
  constructor(private readonly config: NationalConnectorConfig) {}

  /** One POST of a delivery. Never throws: every failure is a CallResult. */
  async post(endpoint: string, target: string, idempotencyKey: string, payload: unknown): Promise<CallResult> {
    const url = `${this.config.nationalPlatformUrl}${endpoint}?target=${encodeURIComponent(target)}`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'manual',
      });
      const body = (await response.text().catch(() => '')).slice(0, MAX_BODY_CHARS);
      return { kind: 'answered', httpStatus: response.status, body, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), new Date()) };
    } catch (error) {
      return { kind: 'unreachable', error: this.describe(error) };
    }
  }

  /**
   * The deliveries one target holds that it received from `from` to `to` (the protocol's
   * reconciliation listing, keyed by the Idempotency-Key each was sent with).
   */
  async listReceipts(target: string, from: Date, to: Date): Promise<NationalReceipt[]> {
    const query = new URLSearchParams({ target, from: from.toISOString(), to: to.toISOString() });
    let response: Response;
    try {
      response = await fetch(`${this.config.nationalPlatformUrl}/reconciliation/receipts?${query}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new NationalPlatformUnavailableError(`reconciliation listing of ${target}: ${this.describe(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as { items?: unknown } | undefined;
    if (!response.ok || !Array.isArray(body?.items)) {
      throw new NationalPlatformUnavailableError(`reconciliation listing of ${target}: HTTP ${response.status}`);
    }
    return body.items as NationalReceipt[];
  }

  private describe(error: unknown): string {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${this.config.timeoutMs} ms`;
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error instanceof Error ? error.message : String(error)}${cause}`;
  }
}

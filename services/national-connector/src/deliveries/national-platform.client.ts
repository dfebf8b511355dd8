import { Injectable } from '@nestjs/common';
import { NationalConnectorConfig } from '../config';
import type { CallResult } from './delivery-attempt';

/** Enough of an answer body to tell operations why a call was refused. */
const MAX_BODY_CHARS = 1000;

/** One POST to the national platform's JSON protocol. Never throws: every failure is a CallResult. */
@Injectable()
export class NationalPlatformClient {
  constructor(private readonly config: NationalConnectorConfig) {}

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
      return { kind: 'answered', httpStatus: response.status, body };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unreachable', error: `no answer within ${this.config.timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { kind: 'unreachable', error: `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  }
}

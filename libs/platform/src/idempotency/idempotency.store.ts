import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** api-contract.md: a key is honoured for 24 hours after its first use. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * A PENDING record older than this is taken to belong to a process that died mid-request (its
 * effect may or may not have committed), so the key is released for a retry instead of answering
 * 409 for a whole day. Far above any request's run time; natural-key uniqueness (decision numbers,
 * codes) still refuses a true duplicate of an effect that did commit.
 */
export const IDEMPOTENCY_IN_FLIGHT_LEASE_SECONDS = 120;

export interface IdempotentRequest {
  /** The calling department, or `-` on public routes: keys are scoped per caller. */
  principal: string;
  key: string;
  method: string;
  /** Path and query string. */
  path: string;
  /** SHA-256 of the canonical JSON body (see `requestHash`). */
  requestHash: string;
}

export type IdempotencyClaim =
  | { outcome: 'claimed'; attemptId: string }
  | { outcome: 'replay'; statusCode: number; body: unknown }
  | { outcome: 'mismatch' }
  | { outcome: 'in-flight' };

/** Key order and whitespace do not make two bodies different requests. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

interface RecordRow {
  method: string;
  path: string;
  request_hash: string;
  state: 'PENDING' | 'COMPLETED';
  status_code: number | null;
  response_body: unknown;
}

/** The `idempotency_records` table of the service's own database. */
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for this request, or says what the first request with the key became. A record
   * whose TTL has passed, or a PENDING one whose lease has run out, is taken over in the same
   * statement, so two concurrent takers cannot both win.
   */
  async claim(request: IdempotentRequest): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const attemptId = randomUUID();
      const claimed: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_records
           (principal, idempotency_key, method, path, request_hash, state, attempt_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, now() + make_interval(hours => $7))
         ON CONFLICT (principal, idempotency_key) DO UPDATE SET
           method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
           state = 'PENDING', attempt_id = EXCLUDED.attempt_id, status_code = NULL, response_body = NULL,
           created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
         WHERE idempotency_records.expires_at <= now()
            OR (idempotency_records.state = 'PENDING'
                AND idempotency_records.created_at <= now() - make_interval(secs => $8))
         RETURNING attempt_id`,
        [
          request.principal,
          request.key,
          request.method,
          request.path,
          request.requestHash,
          attemptId,
          IDEMPOTENCY_KEY_TTL_HOURS,
          IDEMPOTENCY_IN_FLIGHT_LEASE_SECONDS,
        ],
      );
      if (claimed.length > 0) return { outcome: 'claimed', attemptId };

      const rows: RecordRow[] = await this.dataSource.query(
        `SELECT method, path, request_hash, state, status_code, response_body
           FROM idempotency_records WHERE principal = $1 AND idempotency_key = $2`,
        [request.principal, request.key],
      );
      // Released by a failed first request between the two statements: claim again.
      if (rows.length === 0) continue;
      const [row] = rows;
      if (row.method !== request.method || row.path !== request.path || row.request_hash !== request.requestHash) {
        return { outcome: 'mismatch' };
      }
      if (row.state === 'PENDING') return { outcome: 'in-flight' };
      return { outcome: 'replay', statusCode: row.status_code ?? 200, body: row.response_body };
    }
    return { outcome: 'in-flight' };
  }

  /** Keeps the response for replays; only the attempt that still holds the claim may write it. */
  async complete(principal: string, key: string, attemptId: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_records
          SET state = 'COMPLETED', status_code = $4, response_body = $5::json, completed_at = now()
        WHERE principal = $1 AND idempotency_key = $2 AND attempt_id = $3`,
      [principal, key, attemptId, statusCode, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** The request failed: forget the key so that the client may retry with it. */
  async release(principal: string, key: string, attemptId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE principal = $1 AND idempotency_key = $2 AND attempt_id = $3`,
      [principal, key, attemptId],
    );
  }

  /** Deletes records past their 24 hours; returns how many. */
  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE expires_at <= now()`,
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}

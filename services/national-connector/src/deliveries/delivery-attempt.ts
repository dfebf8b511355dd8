/**
 * What one call upstream means for the delivery (api-contract.md, national-connector): 2xx =
 * delivered; 5xx, timeouts and connection errors are retried with capped exponential backoff;
 * any other 4xx is refused for good (FAILED, kept for operations to fix and retry).
 */
import { backoffDelay, type BackoffSettings } from '@credit/domain-kernel';

export type CallResult =
  /** `retryAfterMs`: the answer's Retry-After, when it had one (parseRetryAfter). */
  | { kind: 'answered'; httpStatus: number; body: string; retryAfterMs?: number | null }
  | { kind: 'unreachable'; error: string };

export type AttemptOutcome =
  | { status: 'DELIVERED'; httpStatus: number }
  | { status: 'FAILED'; httpStatus: number; error: string }
  | { status: 'PENDING'; retryInMs: number; httpStatus: number | null; error: string };

/**
 * 408 Request Timeout and 429 Too Many Requests say "later", not "never": they are retried like
 * 5xx instead of being parked as refused.
 */
const TRANSIENT_4XX = new Set([408, 429]);

/** `attempts` counts the calls made so far, this one included. */
export function decideAttempt(result: CallResult, attempts: number, backoff: BackoffSettings, random: () => number = Math.random): AttemptOutcome {
  if (result.kind === 'unreachable') {
    return { status: 'PENDING', retryInMs: backoffDelay(attempts, backoff, random), httpStatus: null, error: result.error };
  }
  const { httpStatus } = result;
  if (httpStatus >= 200 && httpStatus < 300) return { status: 'DELIVERED', httpStatus };
  const error = `HTTP ${httpStatus}${result.body ? `: ${result.body}` : ''}`;
  if (httpStatus >= 500 || TRANSIENT_4XX.has(httpStatus)) {
    // A Retry-After the platform sent is honoured: retrying sooner would only be refused again.
    return { status: 'PENDING', retryInMs: Math.max(backoffDelay(attempts, backoff, random), result.retryAfterMs ?? 0), httpStatus, error };
  }
  return { status: 'FAILED', httpStatus, error };
}

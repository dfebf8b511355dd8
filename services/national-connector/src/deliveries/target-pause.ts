/**
 * Backpressure per national target. A target that answers 429 or 5xx, or does not answer at all,
 * is paused as a whole: while it is paused the worker claims no row of it, so its backlog never
 * holds the delivery lanes and the other targets go on. A paused target's rows stay PENDING in
 * ledger order and resume when the pause ends.
 */
import { backoffDelay, type BackoffSettings } from '@credit/domain-kernel';
import type { CallResult } from './delivery-attempt';

/**
 * The longest Retry-After honoured: a longer (or garbled) one from a gateway must not park a
 * target for days; after this long the target is simply tried again.
 */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export type TargetHealth = { kind: 'healthy' } | { kind: 'pause'; pauseMs: number; reason: string };

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; null when absent or unreadable.
 * Capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now.getTime());
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/**
 * What one call says about its target. 429 pauses it for Retry-After (or the backoff when there is
 * none); 5xx, 408, timeouts and connection errors pause it with the backoff of its consecutive
 * failures (`failures` counts those before this call), so a long outage is probed ever less often
 * up to the backoff cap. Any other answer, refused 4xx included, means the target is up.
 */
export function decideTargetHealth(result: CallResult, failures: number, backoff: BackoffSettings, random: () => number = Math.random): TargetHealth {
  const backoffMs = () => backoffDelay(failures + 1, backoff, random);
  if (result.kind === 'unreachable') return { kind: 'pause', pauseMs: backoffMs(), reason: result.error };
  const { httpStatus } = result;
  if (httpStatus === 429) return { kind: 'pause', pauseMs: result.retryAfterMs ?? backoffMs(), reason: 'HTTP 429' };
  if (httpStatus >= 500 || httpStatus === 408) {
    return { kind: 'pause', pauseMs: Math.max(backoffMs(), result.retryAfterMs ?? 0), reason: `HTTP ${httpStatus}` };
  }
  return { kind: 'healthy' };
}

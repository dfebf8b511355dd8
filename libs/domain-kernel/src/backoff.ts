/**
 * Capped exponential backoff, as plain arithmetic: used by the consumers' retries (@credit/messaging)
 * and by deciders that schedule a retry themselves (national-connector's delivery attempts).
 */

/** Exponential backoff settings in milliseconds: the first delay and the cap. */
export interface BackoffSettings {
  initial: number;
  max: number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that the consumers of a rebalanced group, which all met the same broken
 * dependency at once, do not retry in lockstep, while a delay never collapses to zero.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(settings.max, settings.initial * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

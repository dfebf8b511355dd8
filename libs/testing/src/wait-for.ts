import { inspect } from 'node:util';

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms); attempts never overlap. */
  intervalMs?: number;
  /** What is being waited for, in words: it heads the failure message. */
  description?: string;
}

/** Thrown when {@link waitFor} gives up; carries the last value or error seen, for the test report. */
export class WaitForTimeoutError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly lastValue: unknown,
    readonly lastError: unknown,
  ) {
    super(message);
    this.name = 'WaitForTimeoutError';
  }
}

/**
 * Polls `fn` until it returns something other than `undefined`, `null` or `false` without throwing,
 * and resolves with that value. A function that merely returns nothing never counts as success,
 * so a forgotten `return` fails loudly instead of passing before the condition holds; an
 * assertion-style check ends with `return true`.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let attempts = 0;
  let lastValue: unknown;
  let lastError: unknown;
  let sawValue = false;
  for (;;) {
    attempts += 1;
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<T, undefined | null | false>;
      lastValue = value;
      sawValue = true;
      lastError = undefined;
    } catch (error) {
      lastError = error;
      sawValue = false;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, remaining)));
  }
  const what = options.description ?? 'condition';
  const elapsed = Date.now() - started;
  let detail: string;
  if (!sawValue && lastError !== undefined) {
    detail = `last attempt threw: ${lastError instanceof Error ? (lastError.stack ?? lastError.message) : inspect(lastError)}`;
  } else {
    detail = `last attempt returned ${inspect(lastValue, { depth: 4, breakLength: Infinity }).slice(0, 2000)}`;
    if (lastValue === undefined) detail += ' (the polled function must return a value other than undefined, null or false)';
  }
  throw new WaitForTimeoutError(
    `Timed out after ${elapsed} ms waiting for ${what} (${attempts} attempt${attempts === 1 ? '' : 's'}); ${detail}`,
    attempts,
    lastValue,
    lastError,
  );
}

import { backoffDelay, type BackoffSettings } from '@credit/domain-kernel';
import { describeFailure } from './errors';

// The calculation is the kernel's (pure, shared with deciders); re-exported for the consumers' callers.
export { backoffDelay, type BackoffSettings };

/**
 * Waits `ms`, waking early (resolving false) once `keepGoing` turns false, so that a consumer
 * being stopped or losing its partition does not sit out a long backoff first.
 */
export async function sleepWhile(ms: number, keepGoing: () => boolean, slice = 100): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!keepGoing()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(slice, until - Date.now())));
  }
  return keepGoing();
}

/** Retries of infrastructure failures (database down, broker away): patient, never dead-lettering. */
export const INFRASTRUCTURE_BACKOFF: BackoffSettings = { initial: 500, max: 30_000 };

/** The consumer stopped or lost the partition mid-record: leave the offset uncommitted. */
export class ProcessingAborted extends Error {}

/**
 * Runs a step of the consumer's own (parking, dead-lettering, lookups) until it succeeds: its
 * failure is the database's or the broker's, not the event's, so the record waits (and the
 * partition with it, keeping order) rather than being skipped. Gives up (ProcessingAborted) only
 * when the partition is no longer ours.
 */
export async function persistently<T>(
  owned: () => boolean,
  what: string,
  step: () => Promise<T>,
  warn: (message: string) => void,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    if (!owned()) throw new ProcessingAborted();
    try {
      return await step();
    } catch (error) {
      warn(`${what} failed, retrying: ${describeFailure(error).message}`);
      if (!(await sleepWhile(backoffDelay(retry, INFRASTRUCTURE_BACKOFF), owned))) throw new ProcessingAborted();
    }
  }
}

import type { ExpectedVersion } from './types';

/**
 * A concurrent writer appended to the stream since the caller read it. Nothing was written; the
 * caller re-reads and decides again, or reports a conflict (REST: 409) instead of losing an update.
 */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the append was refused (0 = the stream does not exist). */
    readonly actual: number,
  ) {
    super(
      expected === 0
        ? `Stream ${stream} already exists (version ${actual}); expected a new stream`
        : `Stream ${stream} is at version ${actual}, expected ${expected}`,
    );
  }
}

/** PostgreSQL SQLSTATEs after which re-running the whole unit of work can succeed. */
const RETRYABLE_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected: e.g. two transactions appending to the same two subjects in opposite order
]);

/** The SQLSTATE of a pg or TypeORM (QueryFailedError) error, if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  if (typeof e.code === 'string') return e.code;
  if (typeof e.driverError?.code === 'string') return e.driverError.code;
  return undefined;
}

export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}

/** A unique constraint refused the write (SQLSTATE 23505): a duplicate natural key, mapped to 409 by callers. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

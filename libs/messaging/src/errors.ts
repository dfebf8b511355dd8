import { RpcException } from '@nestjs/microservices';

const NOT_READY = Symbol.for('@credit/messaging/EventNotReadyError');

/**
 * Thrown by a handler when the event refers to something this service has not seen yet (a list
 * entry for a penalty whose event is still on its way, a measure for a linkage unit not yet
 * known): the event is parked and retried later, never dropped, and the subject's later events
 * wait behind it so they are applied in their causal order.
 *
 * It extends Nest's RpcException and returns itself from getError() because Nest's default RPC
 * exception filter replaces every other error by a generic "Internal server error" object: this
 * way an `@EventPattern` handler's EventNotReadyError reaches the consumer intact and parks the
 * event instead of counting as a failure that ends in the dead-letter topic.
 */
export class EventNotReadyError extends RpcException {
  readonly [NOT_READY] = true;

  constructor(
    message: string,
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'EventNotReadyError';
  }

  override getError(): object {
    return this;
  }
}

/** Also recognises an EventNotReadyError from another copy of this package (dist next to src). */
export function isEventNotReady(error: unknown): error is EventNotReadyError {
  return (
    error instanceof EventNotReadyError ||
    (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[NOT_READY] === true)
  );
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
]);

/** Serialization failure and deadlock: the same transaction succeeds when simply run again. */
const TRANSIENT_TRANSACTION_CODES = new Set(['40001', '40P01']);

const CONNECTION_MESSAGES = /connection terminated|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error|connection is closed|not queryable/i;

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    // TypeORM wraps driver errors in QueryFailedError.driverError.
    const record = current as { driverError?: unknown; cause?: unknown };
    current = record.driverError ?? record.cause;
  }
  return codes;
}

/**
 * True for failures of the infrastructure rather than of the event: PostgreSQL unreachable,
 * restarting or out of connections, and transactions that lost a serialization race. Such a
 * failure says nothing about the event, so it must not count towards sending it to the
 * dead-letter topic: the consumer waits and retries the same record until the database is back
 * (the partition's order is kept, nothing is skipped).
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  const codes = codesOf(error);
  if (codes.some((c) => c.startsWith('08') || CONNECTION_ERROR_CODES.has(c) || TRANSIENT_TRANSACTION_CODES.has(c))) {
    return true;
  }
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** A handler's failure reduced to what the dead-letter headers and table keep. */
export interface FailureDescription {
  message: string;
  stack?: string;
}

const MAX_MESSAGE = 2_000;
const MAX_STACK = 4_000;

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof Error) {
    return {
      message: truncate(`${error.name}: ${error.message}`, MAX_MESSAGE),
      stack: error.stack ? truncate(error.stack, MAX_STACK) : undefined,
    };
  }
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    // What Nest's RPC exception filter leaves of an error: `{ status: 'error', message }`.
    return { message: truncate(String((error as { message: string }).message), MAX_MESSAGE) };
  }
  return { message: truncate(String(error), MAX_MESSAGE) };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

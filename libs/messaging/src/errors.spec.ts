import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { ArgumentsHost } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { describeFailure, EventNotReadyError, isEventNotReady, isTransientInfrastructureError } from './errors';

describe('EventNotReadyError', () => {
  it('comes out of Nest’s default RPC exception filter as itself, so the event is parked rather than failed', async () => {
    const error = new EventNotReadyError('penalty not seen yet', 2_000);
    const filter = new BaseRpcExceptionFilter();
    const rethrown = await lastValueFrom(filter.catch(error, {} as ArgumentsHost)).catch((e: unknown) => e);
    expect(rethrown).toBe(error);
    expect(isEventNotReady(rethrown)).toBe(true);
    expect((rethrown as EventNotReadyError).retryAfterMs).toBe(2_000);
    expect((rethrown as Error).message).toBe('penalty not seen yet');
  });

  it('is not confused with other errors', () => {
    expect(isEventNotReady(new Error('boom'))).toBe(false);
    expect(isEventNotReady({ status: 'error', message: 'Internal server error' })).toBe(false);
  });
});

describe('isTransientInfrastructureError', () => {
  it('recognises an unreachable or restarting database and lost serialization races', () => {
    expect(isTransientInfrastructureError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransientInfrastructureError({ message: 'q', driverError: { code: '40001' } })).toBe(true);
    expect(isTransientInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves the event’s own failures (constraint violations, bugs) to the retry-then-dead-letter path', () => {
    expect(isTransientInfrastructureError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isTransientInfrastructureError(new TypeError('cannot read properties of undefined'))).toBe(false);
  });
});

describe('describeFailure', () => {
  it('keeps the error name and message, and truncates long stacks', () => {
    const error = new RangeError('amount out of range');
    error.stack = `RangeError: amount out of range\n${'    at somewhere\n'.repeat(1_000)}`;
    const described = describeFailure(error);
    expect(described.message).toBe('RangeError: amount out of range');
    expect(described.stack!.length).toBeLessThanOrEqual(4_000);
  });

  it('reads what Nest leaves of an error', () => {
    expect(describeFailure({ status: 'error', message: 'Internal server error' }).message).toBe('Internal server error');
  });
});

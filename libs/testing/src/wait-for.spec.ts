import { waitFor, WaitForTimeoutError } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value that is not undefined, null or false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { ready: calls } : false), { intervalMs: 5, timeoutMs: 1_000 });
    expect(value).toEqual({ ready: 3 });
    expect(calls).toBe(3);
  });

  it('keeps polling through thrown errors and async functions', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 5, timeoutMs: 1_000 },
    );
    expect(value).toBe('done');
  });

  it('treats 0 and the empty string as values, not as "not yet"', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 100 })).resolves.toBe(0);
    await expect(waitFor(() => '', { timeoutMs: 100 })).resolves.toBe('');
  });

  it('fails with the description, the attempt count and the last error', async () => {
    const error = await waitFor(
      () => {
        throw new Error('broker not reachable');
      },
      { timeoutMs: 120, intervalMs: 20, description: 'the penalty to be published' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    const timeout = error as WaitForTimeoutError;
    expect(timeout.message).toMatch(/^Timed out after \d+ ms waiting for the penalty to be published \(\d+ attempts\)/);
    expect(timeout.message).toContain('broker not reachable');
    expect(timeout.attempts).toBeGreaterThan(1);
  });

  it('reports the last value, and explains why a function returning nothing never succeeds', async () => {
    const lastValue = await waitFor(() => false, { timeoutMs: 50, intervalMs: 10 }).catch((e: Error) => e.message);
    expect(lastValue).toContain('last attempt returned false');
    const nothing = await waitFor(() => undefined, { timeoutMs: 50, intervalMs: 10 }).catch((e: Error) => e.message);
    expect(nothing).toContain('must return a value other than undefined');
  });

  it('never overlaps attempts and stops at the deadline', async () => {
    let running = 0;
    let maxRunning = 0;
    const started = Date.now();
    await waitFor(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        return false;
      },
      { timeoutMs: 200, intervalMs: 1 },
    ).catch(() => undefined);
    expect(maxRunning).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

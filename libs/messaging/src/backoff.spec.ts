import { backoffDelay, sleepWhile } from './backoff';

describe('backoffDelay', () => {
  const settings = { initial: 100, max: 1_000 };

  it('doubles from the initial delay and stops at the cap', () => {
    const ceiling = (attempt: number) => backoffDelay(attempt, settings, () => 1);
    expect([1, 2, 3, 4, 5, 6, 50].map(ceiling)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('jitters between half and all of the ceiling, never down to zero', () => {
    expect(backoffDelay(3, settings, () => 0)).toBe(200);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(300);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(2, settings);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});

describe('sleepWhile', () => {
  it('wakes early, reporting false, once the condition turns false', async () => {
    let keepGoing = true;
    setTimeout(() => (keepGoing = false), 30);
    const started = Date.now();
    await expect(sleepWhile(5_000, () => keepGoing, 10)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('sleeps the whole delay while the condition holds', async () => {
    const started = Date.now();
    await expect(sleepWhile(60, () => true, 10)).resolves.toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

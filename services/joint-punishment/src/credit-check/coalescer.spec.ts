import { Coalescer } from './coalescer';

/** A batch runner whose batches the test completes by hand. */
function manualRunner() {
  const batches: { items: number[]; finish: (error?: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ items, finish: (error) => (error ? reject(error) : resolve(items.map((i) => `answer ${i}`))) });
    });
  return { batches, run };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  it('runs the items submitted in one turn as one batch and gives each its own result', async () => {
    const { batches, run } = manualRunner();
    const coalescer = new Coalescer(run, { maxBatch: 100, maxInFlight: 2 });
    const results = [1, 2, 3].map((i) => coalescer.submit(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0].finish();
    expect(await Promise.all(results)).toEqual(['answer 1', 'answer 2', 'answer 3']);
  });

  it('keeps at most maxInFlight batches running; what arrives meanwhile forms the next batch', async () => {
    const { batches, run } = manualRunner();
    const coalescer = new Coalescer(run, { maxBatch: 100, maxInFlight: 1 });
    const first = coalescer.submit(1);
    await turn();
    const later = [2, 3].map((i) => coalescer.submit(i));
    await turn();
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0].finish();
    await first;
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3]]);
    batches[1].finish();
    expect(await Promise.all(later)).toEqual(['answer 2', 'answer 3']);
  });

  it('splits a turn larger than maxBatch, and fails only the batch whose run fails', async () => {
    const { batches, run } = manualRunner();
    const coalescer = new Coalescer(run, { maxBatch: 2, maxInFlight: 3 });
    const results = [1, 2, 3, 4, 5].map((i) => coalescer.submit(i).catch((error: Error) => error.message));
    await turn();
    await turn();
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    batches[0].finish();
    batches[1].finish(new Error('connection lost'));
    batches[2].finish();
    expect(await Promise.all(results)).toEqual(['answer 1', 'answer 2', 'connection lost', 'connection lost', 'answer 5']);
  });

  it('is drained only when nothing is pending or running', async () => {
    const { batches, run } = manualRunner();
    const coalescer = new Coalescer(run, { maxBatch: 10, maxInFlight: 1 });
    await coalescer.drained();
    const result = coalescer.submit(1);
    let drained = false;
    const draining = coalescer.drained().then(() => (drained = true));
    await turn();
    await turn();
    expect(drained).toBe(false);
    batches[0].finish();
    await result;
    await draining;
    expect(drained).toBe(true);
  });
});

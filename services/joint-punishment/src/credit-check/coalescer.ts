/**
 * Runs the items submitted during one turn of the event loop as one batch (one database round trip
 * for the concurrent requests of that turn instead of one each), with at most `maxInFlight`
 * batches running; items arriving meanwhile wait for the next batch, so batches grow with the load
 * and no timer ever delays a lone request. Each submitter gets its own item's result, or the batch's
 * error: a batch succeeds or fails as a whole.
 */
export class Coalescer<I, O> {
  private pending: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is pending or running (shutdown waits for it). */
  drained(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    // More than one batch waiting: the next one need not wait for this one.
    this.schedule();
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight -= 1;
      this.schedule();
      if (this.pending.length === 0 && this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}

/**
 * Loaded into a benchmarked service with `--require` (NODE_OPTIONS): counts the bytes the process
 * allocates on the JavaScript heap, from V8's heap statistics before and after every garbage
 * collection (`v8.GCProfiler`), and on SIGWINCH prints the running total as one line,
 * `heap-allocation-probe <bytes>`, to stderr. A benchmark signals before and after a measured run
 * and divides the difference by the requests answered. Nothing in the
 * service changes; the probe costs a few hundred bytes of bookkeeping per collection. SIGWINCH,
 * because a process ignores it by default and Nest's shutdown hooks do not listen to it (they do
 * to SIGUSR2: the application would close).
 */
import { writeSync } from 'node:fs';
import v8 from 'node:v8';

/** The start of the line the probe prints (credit-check.bench.ts looks for it). */
export const PROBE_LINE = 'heap-allocation-probe';

interface GcStatistics {
  statistics: { beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[];
}
type GcProfilerLike = { start(): void; stop(): GcStatistics | undefined };
const Profiler = (v8 as unknown as { GCProfiler?: new () => GcProfilerLike }).GCProfiler;

if (Profiler) {
  // Allocated so far, up to the heap's size after the last collection counted; and that size.
  let total = 0;
  let usedAfterLast = v8.getHeapStatistics().used_heap_size;
  let profiler = new Profiler();
  profiler.start();
  process.on('SIGWINCH', () => {
    const collected = profiler.stop();
    profiler = new Profiler();
    profiler.start();
    for (const gc of collected?.statistics ?? []) {
      // What the heap grew by between the previous collection's end and this one's start was allocated.
      total += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - usedAfterLast);
      usedAfterLast = gc.afterGC.heapStatistics.usedHeapSize;
    }
    const now = total + Math.max(0, v8.getHeapStatistics().used_heap_size - usedAfterLast);
    writeSync(2, `${PROBE_LINE} ${now}\n`);
  });
}

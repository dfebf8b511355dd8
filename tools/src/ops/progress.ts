/**
 * Progress for the operator's long commands, without dependencies: on a terminal one line redrawn
 * in place (bar, percentage, count, rate, ETA), at most every 100 ms; elsewhere (CI, a pipe, a log
 * file) a plain line at most every `plainIntervalMs`, then a final line. `--json` runs take
 * `createProgress({ silent: true })`, which prints nothing (they print one JSON at the end).
 *
 *   const progress = createProgress({ label: 'rebuild joint-punishment', total });
 *   progress.update(done);            // as often as you like: it throttles itself
 *   progress.finish('12 projections rebuilt');   // or progress.fail(message)
 *
 * Time comes from the injected clock only (`now`), so every output is deterministic in tests.
 * `onInterrupt` is the matching Ctrl-C helper: the first one runs a handler (cancel, say how to
 * resume), the second exits at once with 130.
 */

/** Where progress goes: process.stderr, or anything with `write` (tests pass a capturing object). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width: a redrawn line longer than this would wrap, so it is cut to fit. */
  columns?: number;
}

export interface ProgressOptions {
  /** What is going on, first on every line: `rebuild joint-punishment`. */
  label?: string;
  /** How many there are to do; unknown (no bar, no percentage, no ETA) when absent. */
  total?: number;
  /** What is counted: `events` by default. */
  unit?: string;
  stream?: ProgressStream;
  /** Redraw one line in place; default: the stream's own isTTY. */
  isTTY?: boolean;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  /** Not a terminal: one progress line at most this often (ms). */
  plainIntervalMs?: number;
  /** A terminal: one redraw at most this often (ms). */
  ttyIntervalMs?: number;
  /** Width of the bar in characters. */
  barWidth?: number;
  /** The rate estimator's window (ms). */
  rateWindowMs?: number;
  /** Prints nothing at all (`--json` runs). */
  silent?: boolean;
}

export interface Progress {
  /** `done` so far (absolute, not an increment); `total` when it became known or changed. */
  update(done: number, total?: number): void;
  /** The last state as a final line (average rate, time taken), then `summary` when given. Once. */
  finish(summary?: string): void;
  /** One line saying where it stopped and why. Once; ends the progress like finish. */
  fail(message: string): void;
  /** A line of its own (a warning, a hint) without breaking the redrawn line. */
  log(text: string): void;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined, fail: () => undefined, log: () => undefined };

/** `42,000`: a count rounded to a whole number, thousands grouped with commas (locale-independent). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const rounded = Math.round(n);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/**
 * `7s`, `3m05s`, `1h02m` (whole seconds, rounded; hours and minutes above an hour). Negative is
 * `0s`; not a finite number (no estimate) is `?`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * `8,120/s` (per second; whole numbers from 10 up, one decimal below: `2.5/s`); `grouped: false`
 * for the plain lines: `8120/s`. Unknown (undefined, not finite) is `?/s`.
 */
export function formatRate(perSecond: number | undefined, grouped = true): string {
  if (perSecond === undefined || !Number.isFinite(perSecond)) return '?/s';
  const rate = Math.max(0, perSecond);
  if (rate < 10) return `${(Math.round(rate * 10) / 10).toString()}/s`;
  return `${grouped ? formatCount(rate) : String(Math.round(rate))}/s`;
}

/** `██████░░░░░░░░`: `fraction` (clamped to 0..1) of `width` filled, rounded down (full only when done). */
export function renderBar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.min(cells, Math.floor(f * cells + 1e-9));
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/**
 * The rate over a sliding window of (done, t) samples: what was done between the oldest sample
 * still in the window and the newest, per second. Smooth enough for an ETA, and it follows a change
 * of pace within one window. Samples at the same instant replace each other; `done` going down
 * (a count started over) starts the estimate over.
 */
export class RateEstimator {
  private samples: { done: number; t: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  sample(done: number, t: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && (done < last.done || t < last.t)) this.samples = [];
    else if (last && t === last.t) this.samples.pop();
    this.samples.push({ done, t });
    // Keep one sample at or before the window's start, so the window is always spanned in full.
    while (this.samples.length > 2 && this.samples[1].t <= t - this.windowMs) this.samples.shift();
  }

  /** Per second; undefined until two samples at different instants. */
  rate(): number | undefined {
    if (this.samples.length < 2) return undefined;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    return ((last.done - first.done) * 1000) / (last.t - first.t);
  }

  /** Milliseconds until `remaining` more are done at the current rate; undefined without a rate above zero. */
  etaMs(remaining: number): number | undefined {
    const rate = this.rate();
    if (rate === undefined || rate <= 0) return undefined;
    return (Math.max(0, remaining) / rate) * 1000;
  }
}

const CLEAR_LINE = '\r\x1b[2K';

/** A progress reporter (see the file's comment); `silent: true` gives one that prints nothing. */
export function createProgress(options: ProgressOptions = {}): Progress {
  if (options.silent) return SILENT;
  const stream: ProgressStream = options.stream ?? process.stderr;
  const tty = options.isTTY ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const label = options.label ?? '';
  const unit = options.unit ?? 'events';
  const plainIntervalMs = options.plainIntervalMs ?? 2000;
  const ttyIntervalMs = options.ttyIntervalMs ?? 100;
  const barWidth = options.barWidth ?? 24;
  const estimator = new RateEstimator(options.rateWindowMs);
  const startedAt = now();

  let total = options.total;
  let done = 0;
  let first: { done: number; t: number } | undefined;
  let lastWrite = tty ? -Infinity : startedAt;
  let drawn = false;
  let ended = false;

  const known = () => total !== undefined && Number.isFinite(total) && total > 0;
  const fraction = () => (known() ? Math.min(1, done / total!) : 0);
  const percent = () => `${Math.floor(fraction() * 100)}%`;

  const fit = (line: string) => {
    const columns = stream.columns;
    return columns && columns > 1 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
  };
  const write = (text: string) => void stream.write(text);

  /** On a terminal: `label  [bar]  42%  42,000/100,000 events  8,120/s  ETA 7s` (no bar, % or ETA without a total). */
  const ttyLine = (tail: string[]) => {
    const parts = label ? [label] : [];
    if (known()) parts.push(`[${renderBar(fraction(), barWidth)}]`, percent(), `${formatCount(done)}/${formatCount(total!)} ${unit}`);
    else parts.push(`${formatCount(done)} ${unit}`);
    return [...parts, ...tail].join('  ');
  };
  /** Elsewhere: `label: 42000/100000 events (42%), 8120/s, ETA 7s`. */
  const plainLine = (tail: string[]) => {
    const count = known() ? `${Math.round(done)}/${Math.round(total!)} ${unit} (${percent()})` : `${Math.round(done)} ${unit}`;
    return `${label ? `${label}: ` : ''}${[count, ...tail].join(', ')}`;
  };
  const liveTail = (grouped: boolean) => {
    const rate = estimator.rate();
    const tail = rate === undefined ? [] : [formatRate(rate, grouped)];
    if (known() && done < total!) {
      const eta = estimator.etaMs(total! - done);
      if (eta !== undefined) tail.push(`ETA ${formatDuration(eta)}`);
    }
    return tail;
  };
  const draw = () => {
    write(`${CLEAR_LINE}${fit(ttyLine(liveTail(true)))}`);
    drawn = true;
  };
  const clearDrawn = () => {
    if (drawn) write(CLEAR_LINE);
    drawn = false;
  };

  return {
    update(value, newTotal) {
      if (ended) return;
      if (newTotal !== undefined) total = newTotal;
      done = value;
      const t = now();
      first ??= { done, t };
      estimator.sample(done, t);
      if (t - lastWrite < (tty ? ttyIntervalMs : plainIntervalMs)) return;
      lastWrite = t;
      if (tty) draw();
      else write(`${plainLine(liveTail(false))}\n`);
    },
    finish(summary) {
      if (ended) return;
      ended = true;
      const t = now();
      const tail: string[] = [];
      if (first && t > first.t && done > first.done) tail.push(`${formatRate(((done - first.done) * 1000) / (t - first.t), tty)} average`);
      tail.unshift(`in ${formatDuration(t - startedAt)}`);
      if (tty) {
        clearDrawn();
        write(`${fit(ttyLine(tail))}\n`);
      } else write(`${plainLine(tail)}\n`);
      if (summary !== undefined) write(`${summary}\n`);
    },
    fail(message) {
      if (ended) return;
      ended = true;
      const at = known() ? `${Math.round(done)}/${Math.round(total!)}` : String(Math.round(done));
      if (tty) clearDrawn();
      write(`${label ? `${label}: ` : ''}failed at ${at} ${unit} after ${formatDuration(now() - startedAt)}: ${message}\n`);
    },
    log(text) {
      if (!tty) {
        write(`${text}\n`);
        return;
      }
      const redraw = drawn && !ended;
      clearDrawn();
      write(`${text}\n`);
      if (redraw) draw();
    },
  };
}

export interface InterruptOptions {
  /** Where SIGINT is listened for: the process by default (tests pass an EventEmitter). */
  target?: { on(event: 'SIGINT', listener: () => void): unknown; off(event: 'SIGINT', listener: () => void): unknown };
  /** The second Ctrl-C: process.exit by default. */
  exit?: (code: number) => void;
  /** Where a handler's failure is reported: process.stderr by default. */
  stream?: { write(text: string): unknown };
}

/**
 * Ctrl-C while a long command runs: the first runs `handler` once (stop waiting, cancel the job on
 * the server, say how to resume); the second exits at once with 130. Returns the uninstall function
 * (call it when the command is done, in a finally: Ctrl-C then ends the process the default way).
 */
export function onInterrupt(handler: () => Promise<void> | void, options: InterruptOptions = {}): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stream = options.stream ?? process.stderr;
  let interrupted = false;
  const listener = () => {
    if (interrupted) {
      stream.write('\n');
      exit(130);
      return;
    }
    interrupted = true;
    Promise.resolve()
      .then(handler)
      .catch((error: unknown) => void stream.write(`\ninterrupt: ${error instanceof Error ? error.message : String(error)}\n`));
  };
  target.on('SIGINT', listener);
  let installed = true;
  return () => {
    if (installed) target.off('SIGINT', listener);
    installed = false;
  };
}

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise (CI logs, pipes)
 * a plain line now and then, so that logs stay readable.
 */

export interface ProgressCounts {
  done: number;
  created: number;
  duplicate: number;
  invalid: number;
  failed: number;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

export class Progress {
  private readonly started = Date.now();
  private lastDrawn = Date.now();
  private drawnOnce = false;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean },
    private readonly total: number,
    private readonly lineIntervalMs: number,
  ) {}

  update(counts: ProgressCounts): void {
    const now = Date.now();
    if (now - this.lastDrawn < (this.stream.isTTY ? REDRAW_MS : this.lineIntervalMs)) return;
    this.lastDrawn = now;
    this.draw(counts, false);
  }

  finish(counts: ProgressCounts): void {
    // A short run without a line yet prints none: the summary follows at once.
    if (this.stream.isTTY || this.drawnOnce) this.draw(counts, true);
  }

  private draw(counts: ProgressCounts, last: boolean): void {
    this.drawnOnce = true;
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const share = this.total === 0 ? 1 : Math.min(1, counts.done / this.total);
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    const rate = `${Math.round(counts.done / seconds)} rows/s`;
    const tally = `created ${counts.created}, duplicate ${counts.duplicate}, invalid ${counts.invalid}${counts.failed > 0 ? `, failed ${counts.failed}` : ''}`;
    if (this.stream.isTTY) {
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.stream.write(`\r\x1b[2K${bar} ${percent} ${counts.done}/${this.total} rows · ${rate} · ${tally}${last ? '\n' : ''}`);
    } else {
      this.stream.write(`progress: ${counts.done}/${this.total} rows (${percent.trim()}), ${rate}; ${tally}\n`);
    }
  }
}

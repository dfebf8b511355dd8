import { Writable } from 'node:stream';

/** A log destination that keeps every JSON line, for assertions on what the service logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  private pending = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending += chunk.toString();
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      this.lines.push(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
    }
    callback();
  }

  records(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, any>);
  }
}

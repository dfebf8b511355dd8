/**
 * A streaming RFC 4180 CSV parser: fields separated by commas, records by CRLF (LF or a lone CR
 * accepted too), fields optionally in double quotes, a quote inside a quoted field doubled (`""`),
 * commas and line breaks inside quoted fields kept. A UTF-8 byte order mark at the start is
 * dropped. Each record carries the physical line it starts on, so that errors can name it.
 *
 * Lenient where feeds commonly stray and nothing is lost: a quote inside an unquoted field is
 * kept as a character. Where data would be lost or guessed (text after a closing quote, a quote
 * never closed) the record carries an `error` instead of being silently repaired.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are then unreliable. */
  error?: string;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either the first of `""` or the closing quote. */
  QuoteInQuoted,
  /** Text after a closing quote: skipped to the end of the field, the record marked malformed. */
  AfterClosingQuote,
}

export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private error?: string;
  private started = false;
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  private pendingCr = false;
  private quotedCrAtEnd = false;
  /** The current field started with a quote (so an empty record line is not a blank line). */
  private quoted = false;

  /** Parses the next piece of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCr && i < chunk.length) {
      this.pendingCr = false;
      if (chunk[i] === '\n') i++;
    }
    if (this.quotedCrAtEnd && i < chunk.length) {
      // A CR ended the previous chunk inside a quoted field: a line break of its own unless a LF follows.
      this.quotedCrAtEnd = false;
      if (chunk[i] !== '\n') this.line++;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.state === State.FieldStart) {
        if (c === '"') {
          this.state = State.Quoted;
          this.quoted = true;
          continue;
        }
        this.state = State.Unquoted;
      }
      if (this.state === State.Quoted) {
        if (c === '"') {
          this.state = State.QuoteInQuoted;
        } else {
          if (c === '\n' || (c === '\r' && i + 1 < chunk.length && chunk[i + 1] !== '\n')) this.line++;
          this.quotedCrAtEnd = c === '\r' && i + 1 === chunk.length;
          this.field += c;
        }
      } else if (c === ',') {
        this.endField();
      } else if (c === '\r' || c === '\n') {
        i = this.endLine(chunk, i);
        this.endRecord(out);
      } else if (this.state === State.QuoteInQuoted) {
        if (c === '"') {
          this.field += '"';
          this.state = State.Quoted;
        } else {
          this.error ??= `line ${this.line}: text after the closing quote of field ${this.fields.length + 1} (a quote inside a quoted field must be doubled)`;
          this.state = State.AfterClosingQuote;
        }
      } else if (this.state === State.Unquoted) {
        this.field += c;
      }
    }
    return out;
  }

  /** The last record, when the text does not end with a line break; an unclosed quote is an error. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === State.Quoted) {
      this.error ??= `line ${this.recordLine}: a quoted field is never closed (the file ends inside it)`;
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
    this.state = State.FieldStart;
  }

  /** Consumes a line break at `i` (CRLF as one); returns the index of its last character. */
  private endLine(chunk: string, i: number): number {
    this.line++;
    if (chunk[i] === '\r') {
      if (i + 1 < chunk.length) return chunk[i + 1] === '\n' ? i + 1 : i;
      this.pendingCr = true;
    }
    return i;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    const record: CsvRecord = { line: this.recordLine, fields: this.fields };
    if (this.error) record.error = this.error;
    // A blank line is no record (a lone empty field that was not quoted).
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.quoted && !this.error;
    if (!blank) out.push(record);
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.error = undefined;
    this.state = State.FieldStart;
    this.recordLine = this.line;
  }
}

/** Every record of a whole text (tests, small files). */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}

/**
 * The rows of a feed file, streamed: CSV (header row of national labels or API field names) or
 * JSON lines (one object per line, flat national labels or the API's nested shape). Each row comes
 * with the line it starts on and its cells resolved to columns, or with why it cannot be read.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CsvParser } from './csv';
import { flatten, resolveColumn, type Column } from './mapping';
import type { ImportKind } from './national-fields';

export type FeedFormat = 'csv' | 'jsonl';

export type FeedRow = { line: number; cells: { column: Column; value: unknown }[] } | { line: number; error: { field: string; message: string } };

/** Columns that are recognised but not sent, or not recognised at all: reported once, not per row. */
export interface ColumnNotes {
  ignored: { header: string; note: string }[];
  unknown: string[];
}

export function formatOf(file: string, given?: string): FeedFormat {
  if (given === 'csv' || given === 'jsonl') return given;
  if (given !== undefined) throw new Error(`--format ${given}: expected csv or jsonl`);
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(file)) return 'jsonl';
  throw new Error(`cannot tell the format of ${file} from its name: give --format csv or --format jsonl`);
}

export async function* readFeed(file: string, format: FeedFormat, kind: ImportKind, notes?: ColumnNotes): AsyncGenerator<FeedRow> {
  if (format === 'csv') yield* readCsv(file, kind, notes);
  else yield* readJsonLines(file, kind, notes);
}

async function* readCsv(file: string, kind: ImportKind, notes?: ColumnNotes): AsyncGenerator<FeedRow> {
  const parser = new CsvParser();
  let columns: Column[] | undefined;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const rows = function* (records: ReturnType<CsvParser['push']>): Generator<FeedRow> {
    for (const record of records) {
      if (!columns) {
        columns = record.fields.map((header) => resolveColumn(kind, header));
        note(columns, notes);
        continue;
      }
      if (record.error) {
        yield { line: record.line, error: { field: '', message: record.error } };
        continue;
      }
      const extra = record.fields.slice(columns.length).filter((f) => f.trim() !== '');
      if (extra.length > 0) {
        yield { line: record.line, error: { field: '', message: `line ${record.line}: ${record.fields.length} fields, but the header names ${columns.length} columns` } };
        continue;
      }
      // Missing trailing fields are empty cells.
      const header = columns;
      yield { line: record.line, cells: header.map((column, i) => ({ column, value: record.fields[i] ?? '' })) };
    }
  };
  for await (const chunk of stream) yield* rows(parser.push(chunk as string));
  yield* rows(parser.end());
  if (!columns) throw new Error(`${file} is empty: a CSV feed starts with a header row of column labels`);
}

async function* readJsonLines(file: string, kind: ImportKind, notes?: ColumnNotes): AsyncGenerator<FeedRow> {
  const columns = new Map<string, Column>();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: { field: '', message: `line ${line} is not JSON: ${(error as Error).message}` } };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: { field: '', message: `line ${line} must be a JSON object` } };
      continue;
    }
    const cells = flatten(value as Record<string, unknown>).map(([key, cell]) => {
      let column = columns.get(key);
      if (!column) {
        column = resolveColumn(kind, key);
        columns.set(key, column);
        note([column], notes);
      }
      return { column, value: cell };
    });
    yield { line, cells };
  }
}

function note(columns: Column[], notes?: ColumnNotes): void {
  if (!notes) return;
  for (const column of columns) {
    if (column.kind === 'ignored') notes.ignored.push({ header: column.header, note: column.note });
    if (column.kind === 'unknown') notes.unknown.push(column.header);
  }
}

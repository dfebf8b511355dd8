/**
 * Who reads what of a 双公示 record through the department API. The source unit reads all of it;
 * operations and administrators too, on record (restricted_reads); another department reads a
 * public record without its remarks (备注, not for publication) and its history without the events'
 * data, and a record withheld from publicity not at all. Pure: the services answer a refusal with 403.
 */
import { readsRecordOf, sameUnit, type Principal } from '@credit/credit-rules';
import type { HistoryEntry } from './record-intake';

export type RecordReader = 'source-unit' | 'on-record' | 'other-department';

export function readerOf(principal: Principal, sourceUnitCode: string): RecordReader {
  if (sameUnit(principal.departmentCode, sourceUnitCode)) return 'source-unit';
  return readsRecordOf(principal, [sourceUnitCode]) ? 'on-record' : 'other-department';
}

/** A record as its reader may see it, or why the reader may not see it at all. */
export type RecordViewFor<V> = { shown: true; view: V } | { shown: false; refusal: string };

/** The view of a record as `reader` may see it; refused for another department's read of a non-public record. */
export function recordViewFor<V extends { remarks?: unknown; history?: HistoryEntry[] }>(view: V, reader: RecordReader, isPublic: boolean, what: string): RecordViewFor<V> {
  if (reader !== 'other-department') return { shown: true, view };
  if (!isPublic) return { shown: false, refusal: `${what} is withheld from publicity: it is read by its source unit, ops or admin` };
  const { remarks: _remarks, history, ...rest } = view;
  return { shown: true, view: { ...rest, ...(history !== undefined && { history: history.map(({ data: _data, ...entry }) => entry) }) } as unknown as V };
}

/** The corrected records, as a correction reads them. */
import type { EntityManager } from 'typeorm';

export interface StoredRow<T> {
  record: T;
  subject_key: string;
  source_unit_code: string;
  recorded_at: Date;
  publicity_status?: string;
}

/** The penalty or licence record, locked for the transaction (FOR UPDATE), or undefined. */
export async function findRecordForCorrection<T>(manager: EntityManager, table: 'penalties' | 'licenses', id: string): Promise<StoredRow<T> | undefined> {
  const columns = table === 'penalties' ? 'record, subject_key, source_unit_code, recorded_at, publicity_status' : 'record, subject_key, source_unit_code, recorded_at';
  const [row] = await manager.query(`SELECT ${columns} FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

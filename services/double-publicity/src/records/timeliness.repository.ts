/** The timeliness judgements of the 双公示 records, as their read models keep them (`timely`, `record`'s timeliness). */
import type { TimelinessData } from '@credit/contracts';
import type { EntityManager } from 'typeorm';
import type { Timeliness } from './timeliness.rules';

/** The read models of the 双公示 records. */
export type RecordTable = 'penalties' | 'licenses' | 'administrative_actions';

export interface JudgedRow {
  id: string;
  subject_key: string;
  decided_on: string;
  recorded_at: Date;
  judgement: Timeliness;
}

/**
 * The records of `table` judged on a calendar that includes `year`; a decision counts at most a few
 * weeks of working days, so it lies in that year or the one before. Oldest collection first.
 */
export function recordsJudgedOnYear(manager: EntityManager, table: RecordTable, year: number): Promise<JudgedRow[]> {
  return manager.query(
    `SELECT id, subject_key, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, recorded_at,
                jsonb_build_object('timely', record->'timely', 'timeliness', record->'timeliness') AS judgement
           FROM ${table}
          WHERE EXTRACT(YEAR FROM decided_on) BETWEEN $1::int - 1 AND $1::int
            AND record->'timeliness'->'calendar' @> jsonb_build_array(jsonb_build_object('year', $1::int))
          ORDER BY recorded_at, id`,
    [year],
  );
}

/** Writes a record's new judgement and the stream version of the event that made it. */
export async function updateRecordTimeliness(
  manager: EntityManager,
  table: RecordTable,
  id: string,
  timely: boolean,
  timeliness: TimelinessData,
  streamVersion: number,
): Promise<void> {
  await manager.query(
    `UPDATE ${table}
              SET timely = $2, record = record || jsonb_build_object('timely', $2::boolean, 'timeliness', $3::jsonb), stream_version = $4
            WHERE id = $1`,
    [id, timely, JSON.stringify(timeliness), streamVersion],
  );
}

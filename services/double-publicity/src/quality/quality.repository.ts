/** The quality figures' reads over the record projections, and the refused batch items they count. */
import type { EntityManager } from 'typeorm';
import type { IntakeKind } from './quality.service';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface QualityFiguresRow {
  stored: number;
  timely: number;
  without_matter: number;
  refused: number;
  objections: number;
  objections_overdue: number;
  unlinked_subjects: number;
  departments: number;
}

/** The counts of the decisions from `from` to `to` of `department` (null: every department, the city-wide summary). */
export async function qualityFiguresOf(db: Queryable, from: string, to: string, department: string | null): Promise<QualityFiguresRow> {
  const params = [from, to, department];
  const [row] = await db.query(
      `WITH records AS (
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM penalties
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
         UNION ALL
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM licenses
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
         UNION ALL
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM administrative_actions
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       ), refused AS (
         SELECT source_unit_code, refused FROM refused_intake_items
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       ), objected AS (
         SELECT source_unit_code, (overdue_on IS NOT NULL OR late IS TRUE) AS overdue FROM objections
          WHERE filed_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       )
       SELECT (SELECT count(*) FROM records)::int AS stored,
              (SELECT count(*) FILTER (WHERE timely) FROM records)::int AS timely,
              (SELECT count(*) FILTER (WHERE NOT names_matter) FROM records)::int AS without_matter,
              (SELECT coalesce(sum(refused), 0) FROM refused)::int AS refused,
              (SELECT count(*) FROM objected)::int AS objections,
              (SELECT count(*) FILTER (WHERE overdue) FROM objected)::int AS objections_overdue,
              ((SELECT count(*) FROM penalties WHERE NOT subject_linked AND decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3))
               + (SELECT count(*) FROM licenses WHERE NOT subject_linked AND decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)))::int
                AS unlinked_subjects,
              (SELECT count(DISTINCT source_unit_code) FROM (SELECT source_unit_code FROM records UNION SELECT source_unit_code FROM refused) d)::int AS departments`,
    params,
  );
  return row;
}

/** Adds refused items to the counts per department, decision date and kind (`entries`: [unit, day, count]), in the caller's transaction. */
export async function addRefusedItemCounts(manager: EntityManager, kind: IntakeKind, entries: [string, string, number][]): Promise<void> {
  await manager.query(
    `INSERT INTO refused_intake_items (source_unit_code, decided_on, kind, refused)
     SELECT unit, day, $4, n FROM unnest($1::text[], $2::date[], $3::int[]) AS t(unit, day, n)
     ON CONFLICT (source_unit_code, decided_on, kind) DO UPDATE SET refused = refused_intake_items.refused + EXCLUDED.refused`,
    [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), kind],
  );
}

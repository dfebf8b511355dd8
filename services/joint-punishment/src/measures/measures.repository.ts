/** The measure catalog's read SQL: the current measures and every version of one. */
import type { MeasureDefinedV1 } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface MeasureRow {
  code: string;
  version: number;
  name: string;
  kind: MeasureDefinedV1['kind'];
  applies_to: MeasureDefinedV1['appliesTo'];
  category: string | null;
  unit_codes: string[];
  scenarios: MeasureDefinedV1['scenarios'];
  legal_basis: string;
  defined_at: Date;
}

/** One page of the current measures (applying to one list, if given), by code, with the total. */
export async function listCurrentMeasures(db: Db, appliesTo: string | undefined, limit: number, offset: number): Promise<{ total: number; rows: MeasureRow[] }> {
  const filter = appliesTo ? [appliesTo] : [];
  const where = appliesTo ? 'WHERE applies_to = $1' : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM measures ${where}`, filter);
  const rows: MeasureRow[] = await db.query(
    `SELECT v.* FROM measures m JOIN measure_versions v ON v.code = m.code AND v.version = m.version ${where.replace('applies_to', 'm.applies_to')}
       ORDER BY m.code LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
    [...filter, limit, offset],
  );
  return { total, rows };
}

/** Every version of a measure, oldest first. */
export function measureVersions(db: Db, code: string): Promise<MeasureRow[]> {
  return db.query(`SELECT * FROM measure_versions WHERE code = $1 ORDER BY version`, [code]);
}

/** The catalog's read SQL: list categories, linkage units and measures, by version and as of an instant. */
import type { ListKind } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface CategoryRow {
  code: string;
  version: number;
  name: string;
  list: ListKind;
  legal_basis: string;
  deciding_unit_kinds: string[] | null;
  earliest_exit_after_months: number | null;
  auto_exit_after_months: number | null;
  defined_at: Date;
}

export interface UnitRow {
  code: string;
  version: number;
  name: string;
  contact: string | null;
  defined_at: Date;
}

/** One page of the categories as they stood at `asOf` (of one list, if given), by code, with the total. */
export async function listCategoriesAsOf(db: Db, asOf: Date, list: ListKind | undefined, limit: number, offset: number): Promise<{ total: number; rows: CategoryRow[] }> {
  const params: unknown[] = [asOf];
  const listFilter = list !== undefined ? `AND list = $${params.push(list)}` : '';
  const current = `SELECT DISTINCT ON (code) * FROM list_category_versions WHERE defined_at <= $1 ORDER BY code, version DESC`;
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM (${current}) c WHERE true ${listFilter}`, params);
  const rows: CategoryRow[] = await db.query(
    `SELECT * FROM (${current}) c WHERE true ${listFilter} ORDER BY code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/** One page of the linkage units as they stood at `asOf`, by code, with the total. */
export async function listUnitsAsOf(db: Db, asOf: Date, limit: number, offset: number): Promise<{ total: number; rows: UnitRow[] }> {
  const current = `SELECT DISTINCT ON (code) * FROM linkage_unit_versions WHERE defined_at <= $1 ORDER BY code, version DESC`;
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM (${current}) u`, [asOf]);
  const rows: UnitRow[] = await db.query(`SELECT * FROM (${current}) u ORDER BY code LIMIT $2 OFFSET $3`, [asOf, limit, offset]);
  return { total, rows };
}

/** Every version of a category, oldest first. */
export function categoryVersions(db: Db, code: string): Promise<CategoryRow[]> {
  return db.query(`SELECT * FROM list_category_versions WHERE code = $1 ORDER BY version`, [code]);
}

/** Every version of a linkage unit, oldest first. */
export function unitVersions(db: Db, code: string): Promise<UnitRow[]> {
  return db.query(`SELECT * FROM linkage_unit_versions WHERE code = $1 ORDER BY version`, [code]);
}

/** The current version of a category (undefined when the catalog has none). */
export async function currentCategoryVersion(manager: EntityManager, code: string): Promise<CategoryRow | undefined> {
  const [row]: CategoryRow[] = await manager.query(`SELECT * FROM list_category_versions WHERE code = $1 ORDER BY version DESC LIMIT 1`, [code]);
  return row;
}

/** The codes among `codes` that the linkage-unit catalog holds. */
export function knownUnitCodes(manager: EntityManager, codes: string[]): Promise<{ code: string }[]> {
  return manager.query(`SELECT DISTINCT code FROM linkage_unit_versions WHERE code = ANY($1::text[])`, [codes]);
}

/** One page of the public measure catalog as it stood at `asOf` (applying to one list, if given), by code, with the total. */
export async function listPublicMeasuresAsOf(
  db: Db,
  asOf: Date,
  list: ListKind | undefined,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const params: unknown[] = [asOf];
  const listFilter = list !== undefined ? `AND applies_to = $${params.push(list)}` : '';
  const current = `SELECT DISTINCT ON (code) * FROM measure_versions WHERE defined_at <= $1 ORDER BY code, version DESC`;
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM (${current}) m WHERE true ${listFilter}`, params);
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT code, name, kind, applies_to AS "appliesTo", category, unit_codes AS "unitCodes", scenarios, legal_basis AS "legalBasis", version, defined_at AS "definedAt"
       FROM (${current}) m WHERE true ${listFilter} ORDER BY code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

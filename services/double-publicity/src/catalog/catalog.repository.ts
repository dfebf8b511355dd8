/** The catalog matters (事项目录) as stored in `catalog_matters`: the reads of the catalog and of the records naming a matter. */
import type { CatalogMatterKind } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface CatalogMatterVersionRow {
  department_code: string;
  code: string;
  matter_version: number;
  kind: CatalogMatterKind;
  name: string;
  legal_basis: string | null;
  defined_at: Date;
}

/** The number of distinct matters, of one department when `department` is given. */
export async function countCatalogMatters(db: Queryable, department: string | undefined): Promise<number> {
  const filter = department ? [department] : [];
  const where = department ? 'WHERE department_code = $1' : '';
  const [{ total }] = await db.query(
    `SELECT count(DISTINCT (department_code, code))::int AS total FROM catalog_matters ${where}`,
    filter,
  );
  return total;
}

/** One page of matter keys, ordered by department and code, of one department when `department` is given. */
export function pageOfCatalogMatterKeys(
  db: Queryable,
  department: string | undefined,
  pageSize: number,
  offset: number,
): Promise<{ department_code: string; code: string }[]> {
  const filter = department ? [department] : [];
  const where = department ? 'WHERE department_code = $1' : '';
  return db.query(
    `SELECT DISTINCT department_code, code FROM catalog_matters ${where}
        ORDER BY department_code, code LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
    [...filter, pageSize, offset],
  );
}

/** Every version of a matter, oldest first. */
export function versionsOfCatalogMatter(db: Queryable, departmentCode: string, code: string): Promise<CatalogMatterVersionRow[]> {
  return db.query(
    `SELECT * FROM catalog_matters WHERE department_code = $1 AND code = $2 ORDER BY matter_version`,
    [departmentCode, code],
  );
}

/** The current version of a department's matter, or undefined when its catalog has no such matter. */
export async function findCurrentCatalogMatter(
  manager: EntityManager,
  department: string,
  matterCode: string,
): Promise<{ matter_version: number; kind: CatalogMatterKind; name: string } | undefined> {
  const [current]: { matter_version: number; kind: CatalogMatterKind; name: string }[] = await manager.query(
    `SELECT matter_version, kind, name FROM catalog_matters
      WHERE department_code = $1 AND code = $2 ORDER BY matter_version DESC LIMIT 1`,
    [department, matterCode],
  );
  return current;
}

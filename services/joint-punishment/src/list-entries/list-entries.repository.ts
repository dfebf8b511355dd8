/** The list entries' SQL outside their projection: entries, their measure applications and the measure catalog, read. */
import type { ListExitTrigger, ListKind } from '@credit/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { ListEntryStatus } from './list-entries.dto';

type Db = DataSource | EntityManager;

export interface ListEntryRow {
  id: string;
  subject_key: string;
  masked_code: string;
  list: ListKind;
  category: string;
  record_ids: string[];
  document: string;
  initiating_unit_name: string;
  initiating_unit_code: string;
  decided_on: string;
  valid_until: string | null;
  status: ListEntryStatus;
  created_at: Date;
  exited_at: Date | null;
  website_cleared_at: Date | null;
  exited_on: string | null;
  exit_trigger: ListExitTrigger | null;
  exit_reason: string | null;
  repair_application_id: string | null;
  stream_version: number;
}

const ENTRY_COLUMNS = `*, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
                       to_char(exited_on, 'YYYY-MM-DD') AS exited_on`;

export interface MeasureApplicationRow {
  list_entry_id: string;
  measure_code: string;
  unit_code: string;
  status: 'APPLIED' | 'LIFTED';
  measure_version: number;
  applied_at: Date;
  lifted_at: Date | null;
  lift_correlation_id: string | null;
  acknowledged_at: Date | null;
}

/** The subject key of an entry (undefined when there is no such entry). */
export async function findEntrySubjectKey(manager: EntityManager, id: string): Promise<string | undefined> {
  const [row]: { subject_key: string }[] = await manager.query(`SELECT subject_key FROM list_entries WHERE id = $1`, [id]);
  return row?.subject_key;
}

/** In-force entries whose basis names the record (among others, perhaps). */
export function inForceEntriesNaming(manager: EntityManager, recordId: string): Promise<{ id: string; subject_key: string; record_ids: string[] }[]> {
  return manager.query(
    `SELECT id, subject_key, record_ids FROM list_entries WHERE status = 'IN_FORCE' AND record_ids @> ARRAY[$1]::text[] ORDER BY created_at, id`,
    [recordId],
  );
}

/** An entry's row, its dates as YYYY-MM-DD (undefined when there is none). */
export async function findListEntry(db: Db, id: string): Promise<ListEntryRow | undefined> {
  const [row]: ListEntryRow[] = await db.query(`SELECT ${ENTRY_COLUMNS} FROM list_entries WHERE id = $1`, [id]);
  return row;
}

/**
 * One page of the entries, newest first, with the total: of the unit's concern when `unit` is not
 * null (initiating it, or applying one of its measures), of one subject and of one status if given.
 */
export async function listListEntries(
  db: Db,
  filter: { unit: string | null; subjectKey?: string; status?: ListEntryStatus },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: ListEntryRow[] }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.unit !== null) {
    params.push(filter.unit);
    conditions.push(
      `(initiating_unit_code = $${params.length} OR EXISTS (SELECT 1 FROM measure_applications a WHERE a.list_entry_id = list_entries.id AND a.unit_code = $${params.length}))`,
    );
  }
  if (filter.subjectKey !== undefined) {
    params.push(filter.subjectKey);
    conditions.push(`subject_key = $${params.length}`);
  }
  if (filter.status !== undefined) {
    params.push(filter.status);
    conditions.push(`status = $${params.length}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM list_entries ${where}`, params);
  const rows: ListEntryRow[] = await db.query(
    `SELECT ${ENTRY_COLUMNS} FROM list_entries ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/** The current measure catalog (the measures read model), by code. */
export function currentMeasures(
  manager: EntityManager,
): Promise<{ code: string; version: number; applies_to: ListKind; category: string | null; unit_codes: string[]; name: string; legal_basis: string }[]> {
  return manager.query(`SELECT code, version, applies_to, category, unit_codes, name, legal_basis FROM measures ORDER BY code`);
}

/** The measure applications of the entries. */
export function measureApplicationsOf(db: Db, entryIds: string[]): Promise<MeasureApplicationRow[]> {
  return db.query(`SELECT * FROM measure_applications WHERE list_entry_id = ANY($1::text[]) ORDER BY applied_at, measure_code, unit_code`, [entryIds]);
}

/** The entry's exit is off the website (the first time said counts). */
export async function markWebsiteCleared(manager: EntityManager, id: string, at: string): Promise<void> {
  await manager.query(`UPDATE list_entries SET website_cleared_at = COALESCE(website_cleared_at, $2) WHERE id = $1`, [id, at]);
}

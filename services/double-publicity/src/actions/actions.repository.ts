/** The administrative action records' read model (`administrative_actions`): reads. */
import type { AdministrativeActionRecordedV1 } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface ActionRow {
  record: AdministrativeActionRecordedV1;
  recorded_at: Date;
  stream_version: number;
}

export async function findAdministrativeAction(db: Queryable, id: string): Promise<ActionRow | undefined> {
  const [row]: ActionRow[] = await db.query(`SELECT record, recorded_at, stream_version FROM administrative_actions WHERE id = $1`, [id]);
  return row;
}

/** Which records a list shows: `scope` (a unit code; null: every record) sees the public ones and its own. */
export interface AdministrativeActionFilter {
  scope: string | null;
  subjectKey?: string;
  actionType?: string;
}

function whereOf(filter: AdministrativeActionFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.scope !== null) {
    params.push(filter.scope);
    conditions.push(`((record->'disclosure'->>'public')::boolean OR upper(source_unit_code) = $${params.length})`);
  }
  if (filter.subjectKey !== undefined) {
    params.push(filter.subjectKey);
    conditions.push(`subject_key = $${params.length}`);
  }
  if (filter.actionType !== undefined) {
    params.push(filter.actionType);
    conditions.push(`action_type = $${params.length}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { where, params };
}

export async function countAdministrativeActions(db: Queryable, filter: AdministrativeActionFilter): Promise<number> {
  const { where, params } = whereOf(filter);
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM administrative_actions ${where}`, params);
  return total;
}

/** One page of the records the filter shows, newest decision first. */
export function pageOfAdministrativeActions(db: Queryable, filter: AdministrativeActionFilter, pageSize: number, offset: number): Promise<ActionRow[]> {
  const { where, params } = whereOf(filter);
  return db.query(
    `SELECT record, recorded_at, stream_version FROM administrative_actions ${where}
        ORDER BY decided_on DESC, recorded_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, offset],
  );
}

/** The (action type, authority, decision number) keys among `keys` already stored. */
export function storedAdministrativeActionKeys(
  manager: EntityManager,
  keys: { actionTypes: string[]; authorityCodes: string[]; decisionNumbers: string[] },
): Promise<{ action_type: AdministrativeActionRecordedV1['actionType']; authority_code: string; decision_number: string }[]> {
  return manager.query(
    `SELECT action_type, authority_code, decision_number FROM administrative_actions
      WHERE (action_type, authority_code, decision_number) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [keys.actionTypes, keys.authorityCodes, keys.decisionNumbers],
  );
}

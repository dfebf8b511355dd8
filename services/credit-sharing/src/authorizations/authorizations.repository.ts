import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface AuthorizationRow {
  id: string;
  subject_key: string;
  subject_kind: string;
  masked_code: string;
  institution_name: string;
  institution_code: string;
  purpose: string;
  categories: string[];
  valid_from: string;
  valid_until: string;
  deliver_to_loan_platforms: boolean;
  channel: string;
  channel_unit_code: string;
  granted_at: Date;
  revoked_on: string | null;
  revocation_reason: string | null;
  total?: number;
}

const COLUMNS = `id, subject_key, subject_kind, masked_code, institution_name, institution_code, purpose, categories,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, deliver_to_loan_platforms,
  channel, channel_unit_code, granted_at, to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, revocation_reason`;

export async function findAuthorization(db: Db, id: string): Promise<AuthorizationRow | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM authorizations WHERE id = $1`, [id]);
  return row;
}

/** Authorizations, newest first: of one subject, of one institution, or both. */
export async function listAuthorizations(db: Db, filter: { subjectKey?: string; institutionCode?: string }, limit: number, offset: number): Promise<{ total: number; rows: AuthorizationRow[] }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.subjectKey !== undefined) {
    params.push(filter.subjectKey);
    where.push(`subject_key = $${params.length}`);
  }
  if (filter.institutionCode !== undefined) {
    params.push(filter.institutionCode);
    where.push(`institution_code = $${params.length}`);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM authorizations ${clause}`, params);
  const rows = await db.query(`SELECT ${COLUMNS} FROM authorizations ${clause} ORDER BY granted_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, limit, offset]);
  return { total, rows };
}

/** The newest authorizations an institution holds from a subject for a purpose (the decider decides which may be used). */
export async function candidateAuthorizations(db: Db, subjectKey: string, institutionCode: string, purpose: string): Promise<AuthorizationRow[]> {
  return db.query(
    `SELECT ${COLUMNS} FROM authorizations WHERE subject_key = $1 AND institution_code = $2 AND purpose = $3 ORDER BY (revoked_on IS NULL) DESC, valid_until DESC, granted_at DESC LIMIT 20`,
    [subjectKey, institutionCode, purpose],
  );
}

export interface SharedQueryRow {
  id: string;
  authorization_id: string;
  institution_code: string;
  purpose: string;
  returned: string[];
  record_ids: string[];
  queried_at: Date;
}

export async function listQueries(db: Db, authorizationId: string, limit: number, offset: number): Promise<{ total: number; rows: SharedQueryRow[] }> {
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM shared_queries WHERE authorization_id = $1`, [authorizationId]);
  const rows = await db.query(
    `SELECT id, authorization_id, institution_code, purpose, returned, record_ids, queried_at FROM shared_queries WHERE authorization_id = $1 ORDER BY queried_at DESC, id LIMIT $2 OFFSET $3`,
    [authorizationId, limit, offset],
  );
  return { total, rows };
}

/** The authorizations of a subject not revoked that ask for delivery to the 信易贷 platforms and cover `category` (the decider checks the term). */
export async function loanPlatformAuthorizations(db: Db, subjectKey: string, category: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM authorizations WHERE subject_key = $1 AND deliver_to_loan_platforms AND revoked_on IS NULL AND categories ? $2 ORDER BY granted_at`,
    [subjectKey, category],
  );
  return rows.map((r) => r.id);
}

/**
 * The public website's SQL: the stored subject events, the subject views and the paged red and
 * black lists, written and read.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { LIST_ENTRY_IN_FORCE_SQL, publicListEntries, type PortalEvent, type SubjectState } from './subject-view.projection';

type Db = DataSource | EntityManager;

/**
 * Writes subjects' folded states into the website's tables: the subject view, and the subject's
 * rows of the paged red and black lists (rewritten whole: a later registration renames them, an
 * exit removes one). The live reaction writes one subject per event, the rebuild many per batch.
 */
export async function writeSubjectViews(manager: EntityManager, states: Map<string, SubjectState>): Promise<void> {
  if (states.size === 0) return;
  const views = [...states].map(([subjectKey, state]) => ({
    subject_key: subjectKey,
    kind: state.subject?.kind ?? null,
    masked_code: state.subject?.maskedCode ?? null,
    name: state.subject?.name ?? null,
    state,
  }));
  await manager.query(
    `INSERT INTO subject_views (subject_key, kind, masked_code, name, state, updated_at)
     SELECT v.subject_key, v.kind, v.masked_code, v.name, v.state, now()
       FROM jsonb_to_recordset($1::jsonb) AS v(subject_key text, kind text, masked_code text, name text, state jsonb)
     ON CONFLICT (subject_key) DO UPDATE SET kind = EXCLUDED.kind, masked_code = EXCLUDED.masked_code, name = EXCLUDED.name,
       state = EXCLUDED.state, updated_at = now()`,
    [JSON.stringify(views)],
  );
  await manager.query(`DELETE FROM public_list_entries WHERE subject_key = ANY($1::text[])`, [[...states.keys()]]);
  const rows = [...states].flatMap(([subjectKey, state]) =>
    publicListEntries(state).map((entry) => ({
      list_entry_id: entry.id,
      subject_key: subjectKey,
      list: entry.list,
      decided_on: entry.decidedOn,
      valid_until: entry.validUntil ?? null,
      entry,
    })),
  );
  if (rows.length > 0) {
    await manager.query(
      `INSERT INTO public_list_entries (list_entry_id, subject_key, list, decided_on, valid_until, entry)
       SELECT r.list_entry_id, r.subject_key, r.list, r.decided_on, r.valid_until, r.entry
         FROM jsonb_to_recordset($1::jsonb) AS r(list_entry_id text, subject_key text, list text, decided_on date, valid_until date, entry jsonb)`,
      [JSON.stringify(rows)],
    );
  }
}

/** Keeps a subject event; false when it was kept already (a redelivery). */
export async function insertSubjectEvent(manager: EntityManager, subjectKey: string, event: { id: string; type: string; data: unknown; recordedAt: string }): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO subject_events (event_id, subject_key, type, data, recorded_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
    [event.id, subjectKey, event.type, JSON.stringify(event.data), event.recordedAt],
  );
  return inserted.length > 0;
}

/** A subject's stored events in order, up to `until` if given. */
export function subjectEventsOf(manager: EntityManager, subjectKey: string, until?: Date): Promise<PortalEvent[]> {
  return manager.query(
    `SELECT type, data FROM subject_events WHERE subject_key = $1 ${until ? 'AND recorded_at <= $2' : ''} ORDER BY seq`,
    until ? [subjectKey, until.toISOString()] : [subjectKey],
  );
}

/** The folded state of a subject's live view (undefined when it has none). */
export async function findSubjectState(db: Db, subjectKey: string): Promise<{ state: SubjectState } | undefined> {
  const [row]: { state: SubjectState }[] = await db.query(`SELECT state FROM subject_views WHERE subject_key = $1`, [subjectKey]);
  return row;
}

/** The folded states of the subjects' live views, for those that have one. */
export function findSubjectStates(manager: EntityManager, subjectKeys: string[]): Promise<{ subject_key: string; state: SubjectState }[]> {
  return manager.query(
    `SELECT subject_key, state FROM subject_views WHERE subject_key = ANY($1::text[])`,
    [subjectKeys],
  );
}

/** One page of a list's entries in force on `today`, newest decision first, with the total. */
export async function listPublicEntries<E>(db: Db, today: string, list: string, limit: number, offset: number): Promise<{ total: number; rows: { entry: E }[] }> {
  const where = `FROM public_list_entries WHERE ${LIST_ENTRY_IN_FORCE_SQL} AND list = $2`;
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${where}`, [today, list]);
  const rows: { entry: E }[] = await db.query(
    `SELECT entry ${where} ORDER BY decided_on DESC, list_entry_id LIMIT $3 OFFSET $4`,
    [today, list, limit, offset],
  );
  return { total, rows };
}

/**
 * One page of the subjects with a page, in code-point order of name, with the total: the subject
 * of a key, or those whose name contains `namePart` or (not a natural person) whose code starts
 * with `codePrefix` (both LIKE-escaped with a backslash).
 */
export async function searchSubjectViews(
  db: Db,
  match: { subjectKey: string } | { namePart: string; codePrefix: string },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: { kind: string; masked_code: string; name: string }[] }> {
  const [filter, params] =
    'subjectKey' in match
      ? ['subject_key = $1', [match.subjectKey]]
      : [
          `(name ILIKE '%' || $1 || '%' ESCAPE '\\' OR (kind <> 'NATURAL_PERSON' AND masked_code LIKE $2 || '%' ESCAPE '\\'))`,
          [match.namePart, match.codePrefix],
        ];
  // Only subjects with a page: a key seen only in events that name no subject has nothing to show.
  const where = `FROM subject_views WHERE name IS NOT NULL AND masked_code IS NOT NULL AND ${filter}`;
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${where}`, params);
  const n = params.length;
  // Code-point order: the same on every server whatever its locale, so pages never overlap or skip.
  const rows: { kind: string; masked_code: string; name: string }[] = await db.query(
    `SELECT kind, masked_code, name ${where} ORDER BY name COLLATE "C", masked_code LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/**
 * The public website's SQL: the stored subject events, the subject views and the paged red and
 * black lists, written and read.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { LIST_ENTRY_IN_FORCE_SQL, publicCommitmentRows, publicListEntries, publicPublications, type PortalEvent, type SubjectState } from './subject-view.projection';

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
  await writePublications(manager, states);
  await writePublicCommitments(manager, states);
}

/** The subjects' rows of the paged commitment list, rewritten whole (a fulfilment or a closure changes them). */
export async function writePublicCommitments(manager: EntityManager, states: Map<string, SubjectState>): Promise<void> {
  if (states.size === 0) return;
  await manager.query(`DELETE FROM public_commitments WHERE subject_key = ANY($1::text[])`, [[...states.keys()]]);
  const rows = [...states].flatMap(([subjectKey, state]) =>
    publicCommitmentRows(state).map(({ entry }) => ({
      commitment_id: entry.id,
      subject_key: subjectKey,
      accepting_unit_code: entry.acceptingUnit.code,
      type: entry.type,
      signed_on: entry.signedOn,
      valid_until: entry.validUntil ?? null,
      fulfilment: entry.fulfilment,
      entry,
    })),
  );
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO public_commitments (commitment_id, subject_key, accepting_unit_code, type, signed_on, valid_until, fulfilment, entry)
     SELECT r.commitment_id, r.subject_key, r.accepting_unit_code, r.type, r.signed_on, r.valid_until, r.fulfilment, r.entry
       FROM jsonb_to_recordset($1::jsonb) AS r(commitment_id text, subject_key text, accepting_unit_code text, type text, signed_on date,
            valid_until date, fulfilment text, entry jsonb)`,
    [JSON.stringify(rows)],
  );
}


/** The subjects' rows of the paged publication lists (penalties not withdrawn, licences), rewritten whole. */
async function writePublications(manager: EntityManager, states: Map<string, SubjectState>): Promise<void> {
  const keys = [...states.keys()];
  await manager.query(`DELETE FROM public_penalties WHERE subject_key = ANY($1::text[])`, [keys]);
  await manager.query(`DELETE FROM public_licenses WHERE subject_key = ANY($1::text[])`, [keys]);
  const penalties: object[] = [];
  const licenses: object[] = [];
  for (const [subjectKey, state] of states) {
    const rows = publicPublications(state);
    for (const { entry, sourceUnitCode } of rows.penalties) {
      penalties.push({
        penalty_id: entry.id,
        subject_key: subjectKey,
        decided_on: entry.decidedOn,
        publicity_from: entry.publicity.from,
        publicity_until: entry.publicity.until,
        authority_code: entry.authority.code,
        source_unit_code: sourceUnitCode,
        entry,
      });
    }
    for (const { entry, sourceUnitCode } of rows.licenses) {
      licenses.push({ license_id: entry.id, subject_key: subjectKey, decided_on: entry.decidedOn, authority_code: entry.authority.code, source_unit_code: sourceUnitCode, entry });
    }
  }
  if (penalties.length > 0) {
    await manager.query(
      `INSERT INTO public_penalties (penalty_id, subject_key, decided_on, publicity_from, publicity_until, authority_code, source_unit_code, entry)
       SELECT r.penalty_id, r.subject_key, r.decided_on, r.publicity_from, r.publicity_until, r.authority_code, r.source_unit_code, r.entry
         FROM jsonb_to_recordset($1::jsonb) AS r(penalty_id text, subject_key text, decided_on date, publicity_from date, publicity_until date,
              authority_code text, source_unit_code text, entry jsonb)`,
      [JSON.stringify(penalties)],
    );
  }
  if (licenses.length > 0) {
    await manager.query(
      `INSERT INTO public_licenses (license_id, subject_key, decided_on, authority_code, source_unit_code, entry)
       SELECT r.license_id, r.subject_key, r.decided_on, r.authority_code, r.source_unit_code, r.entry
         FROM jsonb_to_recordset($1::jsonb) AS r(license_id text, subject_key text, decided_on date, authority_code text, source_unit_code text, entry jsonb)`,
      [JSON.stringify(licenses)],
    );
  }
}

export interface PublicationFilter {
  /** YYYY-MM-DD, decision date on or after. */
  from?: string;
  /** YYYY-MM-DD, decision date on or before. */
  to?: string;
  /** USCC of the deciding authority or of the source unit. */
  department?: string;
}

/**
 * One page of the penalties in publicity on `today` (from <= today < until) or of the licences,
 * newest decision first, filtered by decision date and department, with the total.
 */
export async function listPublications<E>(
  db: Db,
  kind: 'penalties' | 'licenses',
  today: string,
  filter: PublicationFilter,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: { entry: E }[] }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (kind === 'penalties') {
    params.push(today);
    where.push(`publicity_from <= $${params.length}::date AND $${params.length}::date < publicity_until`);
  }
  if (filter.from !== undefined) {
    params.push(filter.from);
    where.push(`decided_on >= $${params.length}::date`);
  }
  if (filter.to !== undefined) {
    params.push(filter.to);
    where.push(`decided_on <= $${params.length}::date`);
  }
  if (filter.department !== undefined) {
    params.push(filter.department);
    where.push(`(authority_code = $${params.length} OR source_unit_code = $${params.length})`);
  }
  const table = kind === 'penalties' ? 'public_penalties' : 'public_licenses';
  const id = kind === 'penalties' ? 'penalty_id' : 'license_id';
  const from = `FROM ${table}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${from}`, params);
  const n = params.length;
  const rows: { entry: E }[] = await db.query(`SELECT entry ${from} ORDER BY decided_on DESC, ${id} LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]);
  return { total, rows };
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

/** A subject's stored events in order, with their ids and recording times (the credit file). */
export async function subjectHistoryOf(db: Db, subjectKey: string): Promise<{ eventId: string; type: string; data: any; recordedAt: string }[]> {
  const rows: { event_id: string; type: string; data: unknown; recorded_at: Date }[] = await db.query(
    `SELECT event_id, type, data, recorded_at FROM subject_events WHERE subject_key = $1 ORDER BY seq`,
    [subjectKey],
  );
  return rows.map((r) => ({ eventId: r.event_id, type: r.type, data: r.data, recordedAt: new Date(r.recorded_at).toISOString() }));
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
/**
 * The search ranking ($1 the escaped name fragment, $2 the escaped code prefix, $3 the text as typed):
 * the whole name or USCC first, then names that start with the text, then USCCs that start with it,
 * then names containing it, earlier occurrences and shorter names first ("南宁" ranks 南宁某公司 above
 * 广西南宁某公司, and both above a long name with 南宁 near its end).
 */
const SEARCH_RANK =
  `CASE WHEN lower(name) = lower($3) OR (kind <> 'NATURAL_PERSON' AND masked_code = $2) THEN 0 ` +
  `WHEN name ILIKE $1 || '%' ESCAPE '\\' THEN 1 ` +
  `WHEN kind <> 'NATURAL_PERSON' AND masked_code LIKE $2 || '%' ESCAPE '\\' THEN 2 ELSE 3 END, ` +
  `nullif(strpos(lower(name), lower($3)), 0) NULLS LAST, char_length(name), `;

export async function searchSubjectViews(
  db: Db,
  match: { subjectKey: string } | { namePart: string; codePrefix: string; text: string },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: { kind: string; masked_code: string; name: string }[] }> {
  const [filter, params, rank] =
    'subjectKey' in match
      ? ['subject_key = $1', [match.subjectKey], '']
      : [
          `(name ILIKE '%' || $1 || '%' ESCAPE '\\' OR (kind <> 'NATURAL_PERSON' AND masked_code LIKE $2 || '%' ESCAPE '\\'))`,
          [match.namePart, match.codePrefix, match.text],
          SEARCH_RANK,
        ];
  // Only subjects with a page: a key seen only in events that name no subject has nothing to show.
  const where = `FROM subject_views WHERE name IS NOT NULL AND masked_code IS NOT NULL AND ${filter}`;
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${where}`, params.slice(0, 2));
  const n = params.length;
  // Ranked, then code-point order: the same on every server whatever its locale, so pages never overlap or skip.
  const rows: { kind: string; masked_code: string; name: string }[] = await db.query(
    `SELECT kind, masked_code, name ${where} ORDER BY ${rank}name COLLATE "C", masked_code LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, offset],
  );
  return { total, rows };
}

/**
 * The recording instant of the latest stored subject event: of one subject, or of any (the paged
 * lists span every subject); null when there is none.
 */
export async function latestEventAt(db: Db, subjectKey?: string): Promise<Date | null> {
  const [row]: { recorded_at: Date | null }[] =
    subjectKey === undefined
      ? await db.query(`SELECT recorded_at FROM subject_events ORDER BY seq DESC LIMIT 1`)
      : await db.query(`SELECT max(recorded_at) AS recorded_at FROM subject_events WHERE subject_key = $1`, [subjectKey]);
  return row?.recorded_at ? new Date(row.recorded_at) : null;
}

/**
 * Writes subjects' folded states into the website's tables: the subject view, and the subject's
 * rows of the paged red and black lists (rewritten whole: a later registration renames them, an
 * exit removes one). The live consumer writes one subject per event, the rebuild many per batch.
 */
import type { EntityManager } from 'typeorm';
import { publicListEntries, type SubjectState } from './subject-view.projection';

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

/**
 * `ops rebuild credit-portal subject-views`: the website's subject views and paged lists, folded
 * again from the subject events the portal stored (subject_events), many subjects per batch, with
 * the same fold and the same writer as the live consumer.
 */
import type { RebuildableProjection } from '@credit/platform';
import type { EntityManager } from 'typeorm';
import { emptyState, foldSubjectEvents, type PortalEvent, type SubjectState } from './subject-view.projection';
import { findSubjectStates, writeSubjectViews } from './public.repository';

interface StoredSubjectEvent extends PortalEvent {
  subjectKey: string;
}

export const subjectViewsProjection: RebuildableProjection<StoredSubjectEvent> = {
  name: 'subject-views',
  description: "Each subject's page on the website, the paged red and black lists and publication lists (penalties, licences) and commitment list, folded from the stored subject events",
  tables: [{ name: 'subject_views', volatileColumns: ['updated_at'] }, { name: 'public_list_entries' }, { name: 'public_penalties' }, { name: 'public_licenses' }, { name: 'public_commitments' }],
  source: {
    table: 'subject_events',
    position: 'seq',
    columns: 'e.seq AS position, e.subject_key, e.type, e.data',
    toEvent: (row: { subject_key: string; type: string; data: unknown }) => ({ subjectKey: row.subject_key, type: row.type, data: row.data }),
  },
  async project(manager: EntityManager, events: StoredSubjectEvent[]): Promise<void> {
    const bySubject = new Map<string, PortalEvent[]>();
    for (const event of events) {
      const list = bySubject.get(event.subjectKey);
      if (list) list.push(event);
      else bySubject.set(event.subjectKey, [event]);
    }
    const rows: { subject_key: string; state: SubjectState }[] = await findSubjectStates(manager, [...bySubject.keys()]);
    const before = new Map(rows.map((row) => [row.subject_key, row.state]));
    const states = new Map<string, SubjectState>();
    for (const [subjectKey, subjectEvents] of bySubject) {
      states.set(subjectKey, foldSubjectEvents(subjectEvents, before.get(subjectKey) ?? emptyState()));
    }
    await writeSubjectViews(manager, states);
  },
};

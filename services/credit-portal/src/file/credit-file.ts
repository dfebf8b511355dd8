/**
 * A subject's credit file (信用档案): everything the portal holds of the subject, public or not —
 * repaired, revoked, expired and exited records included, each with its history — as a pure function
 * of the subject's stored events. What the website would show today is the shared fold's verdict
 * (`subjectView`), so the file and the page never disagree on "in publicity".
 */
import { subjectView } from '@credit/credit-rules';

export interface FileEvent {
  eventId: string;
  type: string;
  data: any;
  recordedAt: string;
}

export interface FileRecord {
  id: string;
  /** The record as last stated (a correction restates it whole). */
  record: any;
  /** Where it stands today: on the website or why not. */
  status: string;
  /** Every event about it, oldest first. */
  history: { eventId: string; type: string; recordedAt: string; reason?: string }[];
}

/** The id of the record an event is about, by kind; null for events the file keeps elsewhere. */
function recordOf(event: FileEvent): { kind: 'penalties' | 'licenses' | 'listEntries' | 'commitments'; id: string } | null {
  const d = event.data ?? {};
  if (event.type.startsWith('double-publicity.penalty-') && d.penaltyId) return { kind: 'penalties', id: d.penaltyId };
  if (event.type.startsWith('double-publicity.license-') && d.licenseId) return { kind: 'licenses', id: d.licenseId };
  if (event.type.startsWith('joint-punishment.list-entry-') && d.listEntryId) return { kind: 'listEntries', id: d.listEntryId };
  if (event.type.startsWith('commitments.commitment-') && d.commitmentId) return { kind: 'commitments', id: d.commitmentId };
  return null;
}

const reasonOf = (data: any): string | undefined => data?.trigger ?? data?.reason ?? data?.outcome ?? data?.status ?? undefined;

export function creditFile(events: readonly FileEvent[], today: string) {
  const state = subjectView.foldSubjectEvents(events.map((e) => ({ type: e.type, data: e.data })));
  const shown = subjectView.publicView(state, today);
  const shownIds = new Set([...(shown?.penalties ?? []), ...(shown?.lists ?? []), ...(shown?.commitments ?? []), ...(shown?.licenses ?? [])].map((r) => r.id));
  const records = { penalties: new Map<string, FileRecord>(), licenses: new Map<string, FileRecord>(), listEntries: new Map<string, FileRecord>(), commitments: new Map<string, FileRecord>() };
  const grades: { grade: string; score: number; ruleVersion: number; recordedAt: string }[] = [];
  for (const event of events) {
    if (event.type === 'grading-supervision.grade-recomputed') {
      grades.push({ grade: event.data.grade, score: event.data.score, ruleVersion: event.data.ruleVersion ?? 1, recordedAt: event.recordedAt });
      continue;
    }
    const about = recordOf(event);
    if (!about) continue;
    const kept = records[about.kind].get(about.id) ?? { id: about.id, record: null, status: '', history: [] };
    const restated = event.data.record ?? (event.type.endsWith('-published') || event.type.endsWith('-signed') || event.type.endsWith('-created') || event.type.endsWith('-recorded-unpublished') ? event.data : null);
    if (restated) kept.record = restated;
    const reason = reasonOf(event.data);
    kept.history.push({ eventId: event.eventId, type: event.type, recordedAt: event.recordedAt, ...(reason !== undefined && typeof reason === 'string' && { reason }) });
    records[about.kind].set(about.id, kept);
  }
  const statusOf = (kind: keyof typeof records, r: FileRecord): string => {
    if (shownIds.has(r.id)) return 'SHOWN';
    const last = r.history[r.history.length - 1]?.type ?? '';
    if (kind === 'penalties') {
      if (state.penalties[r.id]?.withdrawn) return 'WITHDRAWN';
      if (state.penalties[r.id]) return 'PUBLICITY_ENDED';
      return 'NOT_PUBLISHED';
    }
    if (kind === 'listEntries') return state.lists[r.id]?.exited || last.endsWith('-exited') ? 'EXITED' : 'EXPIRED';
    if (kind === 'commitments') {
      const c = state.commitments[r.id];
      if (c?.closed) return c.closed;
      return c?.data.public === false ? 'NOT_PUBLIC' : 'NOT_SHOWN';
    }
    return 'NOT_SHOWN';
  };
  const list = (kind: keyof typeof records) => [...records[kind].values()].map((r) => ({ ...r, status: statusOf(kind, r) }));
  return {
    subject: state.subject ? subjectView.publicSubject(state.subject) : null,
    registration: state.subject?.registration ?? null,
    penalties: list('penalties'),
    licenses: list('licenses'),
    listEntries: list('listEntries'),
    commitments: list('commitments'),
    grades,
    events: events.length,
  };
}

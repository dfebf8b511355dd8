/**
 * What the credit website shows about one subject, as a pure fold of the subject's events. The live
 * read model and the as-of answer both use it: one set of rules for "what is in publicity".
 */
import { maskPersonName } from '@credit/domain-kernel';

export interface PortalEvent {
  type: string;
  data: any;
}

interface SubjectFacts {
  kind: string;
  /** The USCC, or the masked ID number of a natural person: never the clear number. */
  maskedCode: string;
  name: string;
  /** A name from the registry wins over the one a department typed into a penalty. */
  fromRegistry: boolean;
}

export interface SubjectState {
  subject: SubjectFacts | null;
  penalties: Record<string, { data: any; withdrawn: boolean }>;
  lists: Record<string, { data: any; exited: boolean }>;
  commitments: Record<string, { data: any; outcome: string | null }>;
}

export const emptyState = (): SubjectState => ({ subject: null, penalties: {}, lists: {}, commitments: {} });

export function foldSubjectEvents(events: PortalEvent[], initial: SubjectState = emptyState()): SubjectState {
  return events.reduce(evolve, initial);
}

export function evolve(state: SubjectState, event: PortalEvent): SubjectState {
  const d = event.data;
  switch (event.type) {
    case 'subject-registry.subject-registered':
      return { ...state, subject: { kind: d.kind, maskedCode: d.maskedCode, name: d.name, fromRegistry: true } };
    case 'double-publicity.penalty-published': {
      // A subject known only from a penalty is still shown, under the name the penalty gives.
      const subject = state.subject ?? { kind: d.subject.kind, maskedCode: d.subject.maskedCode, name: d.subject.name, fromRegistry: false };
      return { ...state, subject, penalties: { ...state.penalties, [d.penaltyId]: { data: d, withdrawn: false } } };
    }
    case 'double-publicity.penalty-publicity-withdrawn': {
      const penalty = state.penalties[d.penaltyId];
      if (!penalty) return state;
      return { ...state, penalties: { ...state.penalties, [d.penaltyId]: { ...penalty, withdrawn: true } } };
    }
    case 'joint-punishment.list-entry-created':
      return { ...state, lists: { ...state.lists, [d.listEntryId]: { data: d, exited: false } } };
    case 'joint-punishment.list-entry-exited': {
      const entry = state.lists[d.listEntryId];
      if (!entry) return state;
      return { ...state, lists: { ...state.lists, [d.listEntryId]: { ...entry, exited: true } } };
    }
    case 'commitments.commitment-signed':
      return { ...state, commitments: { ...state.commitments, [d.commitmentId]: { data: d, outcome: null } } };
    case 'commitments.commitment-fulfilment-recorded': {
      const commitment = state.commitments[d.commitmentId];
      if (!commitment) return state;
      return { ...state, commitments: { ...state.commitments, [d.commitmentId]: { ...commitment, outcome: d.outcome } } };
    }
    default:
      return state;
  }
}

/**
 * The public page on `today` (YYYY-MM-DD, Asia/Shanghai). Repaired and revoked penalties (withdrawn)
 * and those past their maximum publicity period (domain.md §3) are absent; exited or expired list
 * entries are absent; only commitments signed as public are shown. Natural persons appear masked.
 */
export function publicView(state: SubjectState, today: string) {
  if (!state.subject) return null;
  const person = state.subject.kind === 'NATURAL_PERSON';
  return {
    subject: { name: person ? maskPersonName(state.subject.name) : state.subject.name, kind: state.subject.kind, code: state.subject.maskedCode },
    penalties: Object.values(state.penalties)
      .filter((p) => !p.withdrawn && p.data.publicity.from <= today && today <= p.data.publicity.maximumUntil)
      .map(({ data }) => ({
        id: data.penaltyId,
        decisionNumber: data.decisionNumber,
        violationType: data.violationType,
        violationFacts: data.violationFacts,
        basis: data.basis,
        categories: data.categories,
        content: data.content,
        ...(data.fineAmount !== undefined && { fineAmount: data.fineAmount }),
        ...(data.confiscatedAmount !== undefined && { confiscatedAmount: data.confiscatedAmount }),
        decidedOn: data.decidedOn,
        authority: data.authority,
        publicity: { from: data.publicity.from, until: data.publicity.maximumUntil },
      }))
      .sort((a, b) => b.decidedOn.localeCompare(a.decidedOn)),
    licenses: [] as unknown[],
    lists: Object.values(state.lists)
      .filter((l) => !l.exited && (l.data.validUntil === undefined || today <= l.data.validUntil))
      .map(({ data }) => ({
        id: data.listEntryId,
        list: data.list,
        category: data.category,
        document: data.basis.document,
        initiatingUnit: data.initiatingUnit,
        decidedOn: data.decidedOn,
        ...(data.validUntil !== undefined && { validUntil: data.validUntil }),
      })),
    commitments: Object.values(state.commitments)
      .filter((c) => c.data.public === true)
      .map(({ data, outcome }) => ({
        id: data.commitmentId,
        type: data.type,
        matter: data.matter,
        signedOn: data.signedOn,
        ...(data.validUntil !== undefined && { validUntil: data.validUntil }),
        acceptingUnit: data.acceptingUnit,
        fulfilment: outcome,
      })),
  };
}

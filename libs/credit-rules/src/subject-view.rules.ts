/**
 * What the platform shows of one subject's public credit information, as a pure fold of the
 * subject's events: the credit website (live read model and as-of answers) and credit-sharing's
 * answers to financial institutions both use it, so they never disagree on "what is in publicity".
 * Exported from the library as the namespace `subjectView` (its names are the website's).
 */
import {
  evolveListEntryFacts,
  evolvePenaltyFacts,
  listEntryInForce as listEntryInForceOn,
  penaltyInPublicity as penaltyInPublicityOn,
  type ListEntryFacts,
  type ListEntryFactsEvent,
  type PenaltyFacts,
  type PenaltyFactsEvent,
} from './record-facts.rules';
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
  /** The registry's data (absent for a subject known only from a record, or folded before it was kept). */
  registration?: { legalRepresentative?: string; registeredOn?: string; registrationAuthority?: string };
}

/** The subject's public credit grade as grading-supervision last computed it, with its factors. */
export interface ShownGrade {
  score: number;
  grade: string;
  factors: { source: string; recordId: string; effect: number }[];
  ruleVersion: number;
}

export interface SubjectState {
  subject: SubjectFacts | null;
  penalties: Record<string, { data: any; withdrawn: boolean }>;
  lists: Record<string, { data: any; exited: boolean }>;
  /** `closed`: ended without a finding (WITHDRAWN or EXPIRED, commitments.commitment-closed): no longer shown. */
  commitments: Record<string, { data: any; outcome: string | null; closed?: string }>;
  /** Licences (行政许可) as last published or corrected; absent on views folded before licences were kept. */
  licenses?: Record<string, { data: any }>;
  grade?: ShownGrade;
}

/** The event types the fold reads; every other event leaves the view as it is. */
export const SUBJECT_VIEW_EVENT_TYPES = [
  'subject-registry.subject-registered',
  'double-publicity.penalty-published',
  'double-publicity.penalty-corrected',
  'double-publicity.penalty-publicity-withdrawn',
  'double-publicity.license-published',
  'double-publicity.license-corrected',
  'joint-punishment.list-entry-created',
  'joint-punishment.list-entry-exited',
  'commitments.commitment-signed',
  'commitments.commitment-fulfilment-recorded',
  'commitments.commitment-closed',
  'grading-supervision.grade-recomputed',
] as const;

export const emptyState = (): SubjectState => ({ subject: null, penalties: {}, lists: {}, commitments: {}, licenses: {} });

export function foldSubjectEvents(events: PortalEvent[], initial: SubjectState = emptyState()): SubjectState {
  return events.reduce(evolve, initial);
}

export function evolve(state: SubjectState, event: PortalEvent): SubjectState {
  const d = event.data;
  switch (event.type) {
    case 'subject-registry.subject-registered':
      return {
        ...state,
        subject: {
          kind: d.kind,
          maskedCode: d.maskedCode,
          name: d.name,
          fromRegistry: true,
          registration: {
            ...(d.legalRepresentative !== undefined && { legalRepresentative: d.legalRepresentative }),
            ...(d.registeredOn !== undefined && { registeredOn: d.registeredOn }),
            ...(d.registrationAuthority !== undefined && { registrationAuthority: d.registrationAuthority }),
          },
        },
      };
    case 'double-publicity.license-published':
      return { ...state, licenses: { ...state.licenses, [d.licenseId]: { data: d } } };
    case 'double-publicity.license-corrected':
      return { ...state, licenses: { ...state.licenses, [d.licenseId]: { data: d.record } } };
    case 'grading-supervision.grade-recomputed':
      return { ...state, grade: { score: d.score, grade: d.grade, factors: d.factors ?? [], ruleVersion: d.ruleVersion ?? 1 } };
    case 'double-publicity.penalty-published':
    case 'double-publicity.penalty-corrected':
    case 'double-publicity.penalty-publicity-withdrawn':
      return evolvePenalty(state, event as PenaltyFactsEvent);
    case 'joint-punishment.list-entry-created':
    case 'joint-punishment.list-entry-exited':
      return evolveListEntry(state, event as ListEntryFactsEvent);
    case 'commitments.commitment-signed':
      return { ...state, commitments: { ...state.commitments, [d.commitmentId]: { data: d, outcome: null } } };
    case 'commitments.commitment-fulfilment-recorded': {
      const commitment = state.commitments[d.commitmentId];
      if (!commitment) return state;
      return { ...state, commitments: { ...state.commitments, [d.commitmentId]: { ...commitment, outcome: d.outcome } } };
    }
    case 'commitments.commitment-closed': {
      const commitment = state.commitments[d.commitmentId];
      if (!commitment) return state;
      return { ...state, commitments: { ...state.commitments, [d.commitmentId]: { ...commitment, closed: d.status } } };
    }
    default:
      return state;
  }
}

type ShownPenalty = SubjectState['penalties'][string];
type ShownListEntry = SubjectState['lists'][string];

/** The facts of a penalty the page keeps (only published ones are kept; withdrawn ones stay, hidden). */
const penaltyFacts = ({ data, withdrawn }: ShownPenalty): PenaltyFacts => ({
  penaltyId: data.penaltyId,
  recorded: true,
  status: withdrawn ? 'WITHDRAWN' : 'PUBLISHED',
  severity: data.severity ?? null,
  from: data.publicity.from,
  minimumUntil: data.publicity.minimumUntil,
  maximumUntil: data.publicity.maximumUntil,
  decidingUnitCode: null,
  departure: null,
});

/**
 * A penalty event, by the one rule of @credit/credit-rules: a published or corrected record is kept
 * as stated (corrected out of publicity, withheld or minor, it leaves the page); a withdrawn one is
 * kept, hidden. A withdrawal of a penalty the page never had changes nothing.
 */
function evolvePenalty(state: SubjectState, event: PenaltyFactsEvent): SubjectState {
  const shown = state.penalties[event.data.penaltyId];
  const facts = evolvePenaltyFacts(shown && penaltyFacts(shown), event);
  const record =
    event.type === 'double-publicity.penalty-published' ? event.data : event.type === 'double-publicity.penalty-corrected' ? event.data.record : shown?.data;
  if (!facts.recorded || !record) return state;
  if (facts.status === 'NOT_PUBLISHED') {
    if (!shown) return state;
    const { [facts.penaltyId]: _removed, ...others } = state.penalties;
    return { ...state, penalties: others };
  }
  // A subject known only from a penalty is still shown, under the name the penalty gives.
  const subject = state.subject ?? { kind: record.subject.kind, maskedCode: record.subject.maskedCode, name: record.subject.name, fromRegistry: false };
  return { ...state, subject, penalties: { ...state.penalties, [facts.penaltyId]: { data: record, withdrawn: facts.status === 'WITHDRAWN' } } };
}

const listEntryFacts = ({ data, exited }: ShownListEntry): ListEntryFacts => ({
  listEntryId: data.listEntryId,
  recorded: true,
  status: exited ? 'EXITED' : 'IN_FORCE',
  list: data.list,
  recordIds: data.basis?.recordIds ?? [],
  validUntil: data.validUntil ?? null,
  decidingUnitCode: null,
  exit: null,
});

/** A list entry event, by the rule of @credit/credit-rules; an exit of an entry the page never had changes nothing. */
function evolveListEntry(state: SubjectState, event: ListEntryFactsEvent): SubjectState {
  const shown = state.lists[event.data.listEntryId];
  const facts = evolveListEntryFacts(shown && listEntryFacts(shown), event);
  const data = event.type === 'joint-punishment.list-entry-created' ? event.data : shown?.data;
  if (!facts.recorded || !data) return state;
  return { ...state, lists: { ...state.lists, [facts.listEntryId]: { data, exited: facts.status === 'EXITED' } } };
}

/**
 * A list entry is in force from its decision until it exits (repair, decision, withdrawn basis:
 * the fold marks it exited) or until its `validUntil` passes (domain.md §5: expiry exits the entry).
 */
export function listEntryInForce(entry: ShownListEntry, today: string): boolean {
  return listEntryInForceOn(listEntryFacts(entry), today);
}

/**
 * The same expiry rule as {@link listEntryInForce} for the paged red and black lists, over
 * `public_list_entries` (which holds only entries that have not exited); `$1` is today.
 */
export const LIST_ENTRY_IN_FORCE_SQL = '(valid_until IS NULL OR valid_until >= $1::date)';

/**
 * A commitment is on the website only if signed as public (公开承诺), while it binds (`validUntil`),
 * and unless the accepting unit closed it (WITHDRAWN or EXPIRED, commitments.commitment-closed).
 */
export function commitmentShown(commitment: SubjectState['commitments'][string], today: string): boolean {
  return commitmentListed(commitment) && (commitment.data.validUntil === undefined || today <= commitment.data.validUntil);
}

/** Public and not closed: the part of {@link commitmentShown} that does not depend on the day. */
function commitmentListed(commitment: SubjectState['commitments'][string]): boolean {
  return commitment.data.public === true && commitment.closed === undefined;
}

/**
 * The same binding rule as {@link commitmentShown} over `public_commitments` (which holds only
 * listed commitments); `$1` is today.
 */
export const COMMITMENT_SHOWN_SQL = '(valid_until IS NULL OR valid_until >= $1::date)';

/** A penalty as the website shows it; publicity stops on `publicity.until` (its maximum period). */
export function publicPenalty(data: any) {
  return {
    id: data.penaltyId as string,
    decisionNumber: data.decisionNumber as string,
    violationType: data.violationType as string,
    violationFacts: data.violationFacts as string,
    basis: data.basis as string,
    categories: data.categories as string[],
    content: data.content as string,
    ...(data.fineAmount !== undefined && { fineAmount: data.fineAmount as string }),
    ...(data.confiscatedAmount !== undefined && { confiscatedAmount: data.confiscatedAmount as string }),
    decidedOn: data.decidedOn as string,
    authority: data.authority as { name: string; code: string },
    publicity: { from: data.publicity.from as string, until: data.publicity.maximumUntil as string },
  };
}

/**
 * The rows of the paged publication lists (双公示) for one subject, with the subject as the website
 * shows it: every penalty not withdrawn (its publicity window is applied when reading, as it depends
 * on the day) and every licence.
 */
export function publicPublications(state: SubjectState) {
  const subject = state.subject ? publicSubject(state.subject) : null;
  if (!subject) return { penalties: [], licenses: [] };
  return {
    penalties: Object.values(state.penalties)
      .filter((p) => !p.withdrawn)
      .map(({ data }) => ({
        entry: { ...publicPenalty(data), subject },
        sourceUnitCode: (data.sourceUnit?.code ?? null) as string | null,
      })),
    licenses: Object.values(state.licenses ?? {}).map(({ data }) => ({
      entry: { ...publicLicenses({ ...state, licenses: { [data.licenseId]: { data } } })[0], subject },
      sourceUnitCode: (data.sourceUnit?.code ?? null) as string | null,
    })),
  };
}

/** The public commitments (信用承诺) of a subject the website shows today, with their fulfilment. */
export function publicCommitments(state: SubjectState, today: string) {
  return Object.values(state.commitments)
    .filter((c) => commitmentShown(c, today))
    .map(publicCommitment);
}

/**
 * The rows of the paged commitment list for one subject: every listed commitment with the subject
 * as the website shows it (whether it still binds is applied when reading, {@link COMMITMENT_SHOWN_SQL}).
 */
export function publicCommitmentRows(state: SubjectState) {
  const subject = state.subject ? publicSubject(state.subject) : null;
  return Object.values(state.commitments)
    .filter(commitmentListed)
    .map((c) => ({ entry: { ...publicCommitment(c), subject: subject ?? { name: null, kind: c.data.subject?.kind ?? null, code: c.data.subject?.maskedCode as string } } }));
}

function publicCommitment({ data, outcome }: SubjectState['commitments'][string]) {
  return {
    id: data.commitmentId as string,
    type: data.type as string,
    matter: data.matter as string,
    signedOn: data.signedOn as string,
    ...(data.validUntil !== undefined && { validUntil: data.validUntil as string }),
    acceptingUnit: data.acceptingUnit as { name: string; code: string },
    fulfilment: outcome,
  };
}

/** The licences (行政许可) of a subject as the website shows them, newest decision first. */
export function publicLicenses(state: SubjectState) {
  return Object.values(state.licenses ?? {})
    .map(({ data }) => ({
      id: data.licenseId as string,
      decisionNumber: data.decisionNumber as string,
      licenseName: data.licenseName as string,
      ...(data.licenseNumber !== undefined && { licenseNumber: data.licenseNumber as string }),
      licenseType: data.licenseType as string,
      content: data.content as string,
      decidedOn: data.decidedOn as string,
      validFrom: data.validFrom as string,
      ...(data.validUntil !== undefined && { validUntil: data.validUntil as string }),
      ...(data.status !== undefined && { status: data.status as string }),
      authority: data.authority as { name: string; code: string },
    }))
    .sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.id.localeCompare(b.id));
}

/**
 * A penalty is shown while in publicity (domain.md §3: from its `from` up to the day before its
 * `maximumUntil`, the window of @credit/credit-rules), unless withdrawn.
 */
export function penaltyInPublicity(penalty: ShownPenalty, today: string): boolean {
  return penaltyInPublicityOn(penaltyFacts(penalty), today);
}

export interface PublicSubject {
  name: string | null;
  kind: string | null;
  /** The USCC, or the masked ID number of a natural person. */
  code: string;
}

/** How a subject appears on the website: a natural person's given name masked (domain.md §1), the code already masked. */
export function publicSubject(facts: Pick<SubjectFacts, 'kind' | 'maskedCode' | 'name'>): PublicSubject {
  const person = facts.kind === 'NATURAL_PERSON';
  return { name: person ? maskPersonName(facts.name) : facts.name, kind: facts.kind, code: facts.maskedCode };
}

/**
 * The rows of the paged red and black lists for one subject: every entry that has not exited, with
 * the subject as the website shows it. A subject known only from its list entry (never registered,
 * no penalty) appears under the entry's masked code, without a name.
 */
export function publicListEntries(state: SubjectState) {
  return Object.values(state.lists)
    .filter((l) => !l.exited)
    .map(({ data }) => ({
      ...publicListEntry(data),
      subject: state.subject
        ? publicSubject(state.subject)
        : { name: null, kind: data.subjectCode === null ? 'NATURAL_PERSON' : null, code: data.maskedCode as string },
    }));
}

function publicListEntry(data: any) {
  return {
    id: data.listEntryId as string,
    list: data.list as string,
    category: data.category as string,
    document: data.basis.document as string,
    initiatingUnit: data.initiatingUnit,
    decidedOn: data.decidedOn as string,
    ...(data.validUntil !== undefined && { validUntil: data.validUntil as string }),
  };
}

/**
 * The public page on `today` (YYYY-MM-DD, Asia/Shanghai). Repaired and revoked penalties (withdrawn)
 * and those past their maximum publicity period (domain.md §3) are absent; exited or expired list
 * entries are absent; only public commitments still binding are shown. Natural persons appear masked.
 */
export function publicView(state: SubjectState, today: string) {
  if (!state.subject) return null;
  return {
    subject: publicSubject(state.subject),
    penalties: Object.values(state.penalties)
      .filter((p) => penaltyInPublicity(p, today))
      .map(({ data }) => publicPenalty(data))
      .sort((a, b) => b.decidedOn.localeCompare(a.decidedOn)),
    licenses: publicLicenses(state),
    lists: Object.values(state.lists)
      .filter((l) => listEntryInForce(l, today))
      .map(({ data }) => publicListEntry(data)),
    commitments: publicCommitments(state, today),
  };
}

/**
 * The facts every consumer keeps about a penalty record (行政处罚) and a list entry (红黑名单), once:
 * one evolve per record kind, folding the producer's events into the same facts, so the credit
 * website, credit-repair, grading and joint-punishment cannot disagree on whether a record is in
 * publicity, withheld, withdrawn, in force or exited. Each projection reads its row (or state),
 * evolves it with the event and writes the columns it keeps.
 *
 * What the producers guarantee, and the fold relies on: a penalty is recorded (published or not)
 * once, then corrected any number of times while it is not withdrawn; it is withdrawn at most once,
 * and only while published (double-publicity refuses the rest). A list entry is created once and
 * exits at most once. Hence: withdrawal and exit are final (a later restatement does not undo them);
 * a withdrawal or an exit may arrive for a record never seen here (published before the consumer
 * kept records) and is remembered as such (`recorded: false`).
 */
import type {
  ListEntryCreatedV1,
  ListEntryExitedV2,
  ListExitTrigger,
  ListKind,
  PenaltyCorrectedV1,
  PenaltyPublicityWithdrawnV1,
  PenaltyPublishedV1,
  PenaltyRecordedUnpublishedV1,
  PenaltySeverity,
} from '@credit/contracts';
import { toShanghaiDate, type IsoDate } from '@credit/domain-kernel';
import { inPublicity } from './publicity.rules';
import { normalizedUnitCode } from './units.rules';

// ---------------------------------------------------------------------------------------------
// Penalty records

export type PenaltyFactsEvent = { occurredAt?: string } & (
  | { type: 'double-publicity.penalty-published'; data: PenaltyPublishedV1 }
  | { type: 'double-publicity.penalty-recorded-unpublished'; data: PenaltyRecordedUnpublishedV1 }
  | { type: 'double-publicity.penalty-corrected'; data: PenaltyCorrectedV1 }
  | { type: 'double-publicity.penalty-publicity-withdrawn'; data: PenaltyPublicityWithdrawnV1 }
);

export const PENALTY_FACTS_EVENT_TYPES: readonly PenaltyFactsEvent['type'][] = [
  'double-publicity.penalty-published',
  'double-publicity.penalty-recorded-unpublished',
  'double-publicity.penalty-corrected',
  'double-publicity.penalty-publicity-withdrawn',
];

/** PUBLISHED: in its publicity window (see {@link penaltyInPublicity}); NOT_PUBLISHED: withheld or minor; WITHDRAWN: final. */
export type PenaltyPublicityStatus = 'PUBLISHED' | 'NOT_PUBLISHED' | 'WITHDRAWN';

/** How a penalty left publicity: withdrawn (repair, revocation, objection, expiry) or corrected out of it (CORRECTION). */
export interface PublicityDeparture {
  reason: PenaltyPublicityWithdrawnV1['reason'] | 'CORRECTION';
  /** `YYYY-MM-DD` (Asia/Shanghai); for a correction the day it was recorded, null when the event's time is not known. */
  on: IsoDate | null;
  note?: string;
  repairApplicationId?: string;
}

export interface PenaltyFacts {
  penaltyId: string;
  /** Whether the record itself (published, unpublished or corrected) has been seen; false: only its withdrawal. */
  recorded: boolean;
  status: PenaltyPublicityStatus;
  severity: PenaltySeverity | null;
  /** The window of the record as last published; kept when a correction withholds it; null if never published. */
  from: IsoDate | null;
  minimumUntil: IsoDate | null;
  maximumUntil: IsoDate | null;
  /** The deciding authority (谁认定、谁修复), normalised; null when unknown. */
  decidingUnitCode: string | null;
  /** The first time it left publicity; null while it never has. */
  departure: PublicityDeparture | null;
}

/**
 * The facts of a penalty as a consumer keeps them: the facts it keeps (its row's columns) given,
 * the others as of a penalty never seen (not recorded, not published, nothing known).
 */
export const keptPenaltyFacts = (penaltyId: string, kept: Partial<Omit<PenaltyFacts, 'penaltyId'>> = {}): PenaltyFacts => ({
  penaltyId,
  recorded: false,
  status: 'NOT_PUBLISHED',
  severity: null,
  from: null,
  minimumUntil: null,
  maximumUntil: null,
  decidingUnitCode: null,
  departure: null,
  ...kept,
});

/** A unit code as kept with a record: normalised; null when the event names none. */
export const decidingUnitCodeOf = (unit: { code?: string | null } | undefined): string | null => {
  const code = unit?.code ? normalizedUnitCode(unit.code) : '';
  return code ? code : null;
};

/** The facts after a (re)statement of the record: its publicity, severity, window and authority. */
function restated(state: PenaltyFacts, record: PenaltyPublishedV1 | PenaltyRecordedUnpublishedV1): PenaltyFacts {
  const publicity = record.publicity;
  return {
    ...state,
    recorded: true,
    // A withdrawal is final: a restatement arriving after it (never in order) does not publish again.
    status: state.status === 'WITHDRAWN' ? 'WITHDRAWN' : publicity.status,
    severity: record.severity,
    ...(publicity.status === 'PUBLISHED' && { from: publicity.from, minimumUntil: publicity.minimumUntil, maximumUntil: publicity.maximumUntil }),
    decidingUnitCode: decidingUnitCodeOf(record.authority),
  };
}

/**
 * Whether the record was published just before the event. The correction says so itself
 * (`previousPublicityStatus`, the producer's view); otherwise the state does. A withdrawal is only
 * ever of a published record.
 */
function publishedBefore(state: PenaltyFacts | undefined, event: PenaltyFactsEvent): boolean {
  if (event.type === 'double-publicity.penalty-publicity-withdrawn') return state?.status !== 'WITHDRAWN';
  if (event.type === 'double-publicity.penalty-corrected' && event.data.previousPublicityStatus !== undefined) return event.data.previousPublicityStatus === 'PUBLISHED';
  return state?.status === 'PUBLISHED';
}

/** The departure from publicity this event brings about (a withdrawal, or a correction out of publicity), or null. */
export function publicityDepartureBy(state: PenaltyFacts | undefined, event: PenaltyFactsEvent): PublicityDeparture | null {
  if (!publishedBefore(state, event)) return null;
  switch (event.type) {
    case 'double-publicity.penalty-publicity-withdrawn': {
      const w = event.data;
      return {
        reason: w.reason,
        on: w.withdrawnOn,
        ...(w.note !== undefined && { note: w.note }),
        ...(w.repairApplicationId !== undefined && { repairApplicationId: w.repairApplicationId }),
      };
    }
    case 'double-publicity.penalty-corrected':
      if (event.data.record.publicity.status === 'PUBLISHED') return null;
      return { reason: 'CORRECTION', on: event.occurredAt !== undefined ? toShanghaiDate(event.occurredAt) : null, note: event.data.reason };
    default:
      return null;
  }
}

/** The facts of a penalty record after one more of its events (`undefined`: nothing known yet). */
export function evolvePenaltyFacts(state: PenaltyFacts | undefined, event: PenaltyFactsEvent): PenaltyFacts {
  const before = state ?? keptPenaltyFacts(event.data.penaltyId);
  const departure = before.departure ?? publicityDepartureBy(state, event);
  switch (event.type) {
    case 'double-publicity.penalty-published':
    case 'double-publicity.penalty-recorded-unpublished':
      return restated(before, event.data);
    case 'double-publicity.penalty-corrected':
      return { ...restated(before, event.data.record), departure };
    case 'double-publicity.penalty-publicity-withdrawn':
      return { ...before, status: 'WITHDRAWN', departure };
  }
}

/** In publicity on `day`: published (not withheld, not withdrawn) and within its window (`from <= day < maximumUntil`). */
export function penaltyInPublicity(facts: PenaltyFacts, day: IsoDate): boolean {
  return facts.status === 'PUBLISHED' && facts.from !== null && facts.maximumUntil !== null && inPublicity({ from: facts.from, maximumUntil: facts.maximumUntil }, day);
}

/** Published and not withdrawn: the record counts (grading) and may be shown (its window decides the day). */
export const penaltyPublished = (facts: PenaltyFacts): boolean => facts.status === 'PUBLISHED';

// ---------------------------------------------------------------------------------------------
// List entries

export type ListEntryFactsEvent =
  | { type: 'joint-punishment.list-entry-created'; data: ListEntryCreatedV1 }
  | { type: 'joint-punishment.list-entry-exited'; data: ListEntryExitedV2 };

export type ListEntryStatus = 'IN_FORCE' | 'EXITED';

export interface ListEntryFacts {
  listEntryId: string;
  /** Whether its creation has been seen; false: only its exit. */
  recorded: boolean;
  status: ListEntryStatus;
  list: ListKind | null;
  /** The records (penalties, commitments) it rests on. */
  recordIds: readonly string[];
  validUntil: IsoDate | null;
  /** The initiating unit (认定发起单位), normalised; null when unknown. */
  decidingUnitCode: string | null;
  exit: { trigger: ListExitTrigger; on: IsoDate; repairApplicationId?: string } | null;
}

/**
 * The facts of a list entry as a consumer keeps them: the facts it keeps (its row's columns) given,
 * the others as of an entry never seen (not recorded, in force, nothing known).
 */
export const keptListEntryFacts = (listEntryId: string, kept: Partial<Omit<ListEntryFacts, 'listEntryId'>> = {}): ListEntryFacts => ({
  listEntryId,
  recorded: false,
  status: 'IN_FORCE',
  list: null,
  recordIds: [],
  validUntil: null,
  decidingUnitCode: null,
  exit: null,
  ...kept,
});

/** The facts of a list entry after one more of its events (`undefined`: nothing known yet). An exit is final. */
export function evolveListEntryFacts(state: ListEntryFacts | undefined, event: ListEntryFactsEvent): ListEntryFacts {
  const before = state ?? keptListEntryFacts(event.data.listEntryId);
  switch (event.type) {
    case 'joint-punishment.list-entry-created': {
      const e = event.data;
      return {
        ...before,
        recorded: true,
        list: e.list,
        recordIds: [...e.basis.recordIds],
        validUntil: e.validUntil ?? null,
        decidingUnitCode: decidingUnitCodeOf(e.initiatingUnit),
      };
    }
    case 'joint-punishment.list-entry-exited': {
      if (before.status === 'EXITED') return before;
      const e = event.data;
      return {
        ...before,
        status: 'EXITED',
        exit: { trigger: e.trigger, on: e.exitedOn, ...(e.repairApplicationId !== undefined && { repairApplicationId: e.repairApplicationId }) },
      };
    }
  }
}

/** Not exited: on the list (its term may still have passed, see {@link listEntryInForce}). */
export const listEntryNotExited = (facts: Pick<ListEntryFacts, 'status'>): boolean => facts.status === 'IN_FORCE';

/**
 * In force on `day` (domain.md §5): not exited, and its term (`validUntil`, that day included) not
 * passed; expiry exits the entry.
 */
export function listEntryInForce(facts: Pick<ListEntryFacts, 'status' | 'validUntil'>, day: IsoDate): boolean {
  return listEntryNotExited(facts) && (facts.validUntil === null || day <= facts.validUntil);
}

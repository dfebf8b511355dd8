/**
 * The credit commitment aggregate (信用承诺, domain.md §6): one stream per commitment,
 * `commitment-<id>`. Pure: no Nest, no I/O. Input arrives checked for shape (codes, real dates);
 * the rules of the commitment itself live here.
 *
 * Lifecycle: IN_FORCE → VERIFIED_FULFILLED | BREACHED | FALSE (the accepting unit's finding,
 * `commitment-fulfilment-recorded`, outcome FULFILLED | BREACHED | FALSE) or → EXPIRED | WITHDRAWN
 * (ended without a finding, `commitment-closed`). Only the accepting unit decides (or an
 * administrator), once. While in force, the verification day of a commitment under a listed matter
 * follows the publication of a year it counted provisionally (`verification-due-date-recomputed`).
 */
import type {
  CalendarBasisData,
  CommitmentClosedV1,
  CommitmentFulfilmentRecordedV1,
  CommitmentSignedV2,
  CommitmentType,
  CommitmentVerificationDueDateRecomputedV1,
  FulfilmentOutcome,
} from '@credit/contracts';
import { actsForUnit, type UnitActor } from '@credit/credit-rules';
import { recomputeDeadline, SHANGHAI_UTC_OFFSET, type WorkingDayCalendar } from '@credit/domain-kernel';
import type { Decider } from '@credit/event-store';

export type CommitmentEvent =
  | { type: 'commitments.commitment-signed'; version?: number; data: CommitmentSignedV2 }
  | { type: 'commitments.commitment-fulfilment-recorded'; data: CommitmentFulfilmentRecordedV1 }
  | { type: 'commitments.commitment-closed'; data: CommitmentClosedV1 }
  | { type: 'commitments.verification-due-date-recomputed'; data: CommitmentVerificationDueDateRecomputedV1 };

/** A year's working-day schedule as published (the calendar-year-published event), and the calendar that now holds. */
export interface CalendarPublication {
  year: number;
  version: number;
  calendar: WorkingDayCalendar;
}

export type CommitmentCommand =
  | { type: 'SignCommitment'; data: CommitmentSignedV2 }
  | { type: 'RecordFulfilment'; data: CommitmentFulfilmentRecordedV1; by: UnitActor }
  | { type: 'CloseCommitment'; data: CommitmentClosedV1; by: UnitActor }
  /** The platform's scan: a 容缺受理 commitment whose verification day has passed with no finding. */
  | { type: 'BreachLapsedDeficiency'; data: { commitmentId: string; today: string } }
  /** A calendar year was published: the verification day, when it counted that year provisionally, is computed again. */
  | { type: 'RecomputeVerificationDueDate'; data: { commitmentId: string; publication: CalendarPublication } };

/** Where a commitment stands: in force, or how it ended. */
export type CommitmentLifecycleStatus = 'IN_FORCE' | 'VERIFIED_FULFILLED' | 'BREACHED' | 'FALSE' | 'EXPIRED' | 'WITHDRAWN';
export const COMMITMENT_LIFECYCLE_STATUSES: readonly CommitmentLifecycleStatus[] = ['IN_FORCE', 'VERIFIED_FULFILLED', 'BREACHED', 'FALSE', 'EXPIRED', 'WITHDRAWN'];

/** The lifecycle status a finding on fulfilment ends a commitment in. */
export const statusOfOutcome = (outcome: FulfilmentOutcome): Exclude<CommitmentLifecycleStatus, 'IN_FORCE'> => (outcome === 'FULFILLED' ? 'VERIFIED_FULFILLED' : outcome);

interface Terms {
  type: CommitmentType;
  signedOn: string;
  acceptingUnitCode: string;
  validUntil?: string;
  /** The verification a listed matter sets: absent for a commitment signed without one (free-form). */
  verification?: Verification;
}

interface Verification {
  workingDays: number;
  /** The last day of the verification. */
  dueOn: string;
  /** The calendar `dueOn` was computed on, per year its period spans. */
  calendar: CalendarBasisData[];
  /** The evidence a FULFILLED finding names, each item. */
  evidenceRequired: string[];
}

export type CommitmentState =
  | { status: 'UNKNOWN' }
  | ({ status: 'IN_FORCE' } & Terms)
  | ({ status: 'DECIDED'; ended: Exclude<CommitmentLifecycleStatus, 'IN_FORCE'>; how: 'fulfilment' | 'closure'; decidedOn: string } & Terms);

/** Refusals by a rule of domain.md; the service turns them into 422 with the rule's name (409 for the decided-once rules). */
export class CommitmentRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly allowedFrom?: string,
  ) {
    super(message);
  }
}
/** The rules that refuse because the commitment's end is already decided (→ 409). */
export const DECIDED_ONCE_RULES: readonly string[] = ['fulfilment-recorded-once', 'commitment-decided-once'];

export class CommitmentAlreadySigned extends Error {
  constructor() {
    super('the commitment is already signed');
  }
}
export class CommitmentNotFound extends Error {
  constructor() {
    super('no commitment with this id');
  }
}
/** The caller is not the accepting unit (→ 403): the accepting unit supervises the commitment (domain.md §6). */
export class NotTheAcceptingUnit extends Error {
  constructor(
    readonly callerUnit: string,
    readonly acceptingUnit: string,
  ) {
    super(`only the accepting unit ${acceptingUnit} (or an administrator) decides on this commitment; ${callerUnit} is not it`);
  }
}

/** The calendar day after a `YYYY-MM-DD` date. */
const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The checks every decision on a commitment in force makes: it exists, the caller is its accepting unit, it is not decided yet. */
function assertDecidable(state: CommitmentState, by: UnitActor, decidedOn: string, how: 'fulfilment' | 'closure'): asserts state is { status: 'IN_FORCE' } & Terms {
  if (state.status === 'UNKNOWN') throw new CommitmentNotFound();
  if (!actsForUnit(by, state.acceptingUnitCode)) throw new NotTheAcceptingUnit(by.departmentCode, state.acceptingUnitCode);
  // domain.md §6: fulfilment goes into the credit record and feeds grading; the end of a commitment is
  // decided once, so that a breach cannot be counted twice nor silently turned into a fulfilment.
  if (state.status === 'DECIDED') {
    const rule = how === 'fulfilment' && state.how === 'fulfilment' ? 'fulfilment-recorded-once' : 'commitment-decided-once';
    const what = state.how === 'fulfilment' ? `the fulfilment of this commitment was already recorded as ${state.ended}` : `this commitment already ended as ${state.ended}`;
    throw new CommitmentRuleViolation(rule, `${what} on ${state.decidedOn}; it is decided once`);
  }
  if (decidedOn < state.signedOn) {
    throw new CommitmentRuleViolation(how === 'fulfilment' ? 'fulfilment-after-signature' : 'decision-after-signature', `decidedOn ${decidedOn} is before the signature on ${state.signedOn}`);
  }
}

export const commitmentDecider: Decider<CommitmentCommand, CommitmentEvent, CommitmentState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'SignCommitment': {
        if (state.status !== 'UNKNOWN') throw new CommitmentAlreadySigned();
        // domain.md §4: a repair requires a *public* credit commitment (信用修复型); a private one cannot serve it.
        if (command.data.type === 'CREDIT_REPAIR' && !command.data.public) {
          throw new CommitmentRuleViolation('credit-repair-commitment-public', 'a CREDIT_REPAIR (信用修复型) commitment must be public (domain.md §4)');
        }
        return [{ type: 'commitments.commitment-signed', version: 2, data: command.data }];
      }
      case 'RecordFulfilment': {
        assertDecidable(state, command.by, command.data.decidedOn, 'fulfilment');
        if (command.data.outcome === 'FULFILLED') assertEvidenceSupplied(state, command.data);
        return [{ type: 'commitments.commitment-fulfilment-recorded', data: command.data }];
      }
      case 'CloseCommitment': {
        assertDecidable(state, command.by, command.data.decidedOn, 'closure');
        if (command.data.status === 'EXPIRED') assertExpired(state, command.data.decidedOn);
        return [{ type: 'commitments.commitment-closed', data: command.data }];
      }
      case 'BreachLapsedDeficiency': {
        // 容缺受理型 (domain.md §6): accepted with papers missing on the promise to supply them by the
        // verification day; not supplied (no finding by then), the commitment is breached. Anything
        // else (decided meanwhile, another type, not yet due) is left alone.
        const { commitmentId, today } = command.data;
        if (state.status !== 'IN_FORCE' || state.type !== 'DEFICIENCY_TOLERANCE' || !verificationLate(state.verification?.dueOn, today)) return [];
        return [
          {
            type: 'commitments.commitment-fulfilment-recorded',
            data: { commitmentId, outcome: 'BREACHED', note: `容缺受理：缺件未在核查期限（${state.verification?.dueOn}）内补齐，自动认定违诺`, decidedOn: today },
          },
        ];
      }
      case 'RecomputeVerificationDueDate': {
        if (state.status === 'UNKNOWN') throw new CommitmentNotFound();
        // A decided commitment has no verification left to schedule; a free-form one never had a day.
        if (state.status !== 'IN_FORCE' || state.verification === undefined) return [];
        const recomputed = recomputedVerification(state.signedOn, state.verification, command.data.publication);
        return recomputed ? [{ type: 'commitments.verification-due-date-recomputed', data: { commitmentId: command.data.commitmentId, ...recomputed } }] : [];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'commitments.commitment-signed': {
        const c = event.data;
        return {
          status: 'IN_FORCE',
          type: c.type,
          signedOn: c.signedOn,
          acceptingUnitCode: c.acceptingUnit.code,
          ...(c.validUntil !== undefined && { validUntil: c.validUntil }),
          ...(c.verification !== undefined && {
            verification: {
              workingDays: c.verification.workingDays,
              dueOn: c.verification.dueOn,
              calendar: c.verification.calendar,
              evidenceRequired: c.verification.evidenceRequired,
            },
          }),
        };
      }
      case 'commitments.verification-due-date-recomputed':
        return state.status === 'IN_FORCE' && state.verification !== undefined
          ? { ...state, verification: { ...state.verification, dueOn: event.data.dueOn, calendar: event.data.calendar } }
          : state;
      case 'commitments.commitment-fulfilment-recorded':
        return state.status === 'IN_FORCE' ? { ...state, status: 'DECIDED', ended: statusOfOutcome(event.data.outcome), how: 'fulfilment', decidedOn: event.data.decidedOn } : state;
      case 'commitments.commitment-closed':
        return state.status === 'IN_FORCE' ? { ...state, status: 'DECIDED', ended: event.data.status, how: 'closure', decidedOn: event.data.decidedOn } : state;
      default:
        return state;
    }
  },
};

/** A commitment expires once its term has run out: the day after `validUntil`; one without a term does not expire. */
function assertExpired(state: Terms, decidedOn: string): void {
  if (state.validUntil === undefined) {
    throw new CommitmentRuleViolation('commitment-expires-after-term', 'this commitment has no validUntil: it does not expire; withdraw it or record its fulfilment');
  }
  if (decidedOn <= state.validUntil) {
    const from = nextDay(state.validUntil);
    throw new CommitmentRuleViolation('commitment-expires-after-term', `this commitment binds until ${state.validUntil}: it expires from ${from}`, from);
  }
}

/**
 * domain.md §6: the accepting unit finds a commitment kept on the evidence its matter lists. A
 * FULFILLED finding names every required item (others may come with it); until it does, it is
 * refused, and allowed once the evidence is supplied.
 */
function assertEvidenceSupplied(state: Terms, finding: CommitmentFulfilmentRecordedV1): void {
  const supplied = new Set((finding.evidence ?? []).map((e) => e.item));
  const missing = (state.verification?.evidenceRequired ?? []).filter((item) => !supplied.has(item));
  if (missing.length > 0) {
    throw new CommitmentRuleViolation(
      'verification-evidence-required',
      `a finding of fulfilment names the evidence its matter requires, each with a reference; missing: ${missing.join('、')}`,
    );
  }
}

/**
 * The verification day on a newly published year, when the day counted that year provisionally
 * (null otherwise: a year already published, or not spanned, keeps its day, and so a publication
 * delivered again finds nothing provisional left to recompute).
 */
function recomputedVerification(
  signedOn: string,
  verification: Verification,
  publication: CalendarPublication,
): Omit<CommitmentVerificationDueDateRecomputedV1, 'commitmentId'> | null {
  const basis = verification.calendar.find((year) => year.year === publication.year);
  if (!basis?.provisional) return null;
  const recorded = { dueBy: endOfDay(verification.dueOn), calendar: verification.calendar };
  const recomputed = recomputeDeadline(recorded, signedOn, verification.workingDays, publication.calendar);
  if (!recomputed) return null;
  return {
    previousDueOn: verification.dueOn,
    dueOn: recomputed.deadline.dueOn,
    previousDueBy: recomputed.previousDueBy,
    dueBy: recomputed.deadline.dueBy,
    calendar: recomputed.deadline.calendar,
    movedEarlier: recomputed.movedEarlier,
    calendarYear: publication.year,
    calendarVersion: publication.version,
  };
}

/** The end of a day in Asia/Shanghai, as the calendar's deadlines are told. */
const endOfDay = (date: string): string => `${date}T23:59:59.999${SHANGHAI_UTC_OFFSET}`;

/**
 * The verification of a commitment signed under a listed matter: due by `dueOn` (working days after
 * the signature, domain.md §8). Overdue while in force after that day; a finding recorded after it is late.
 */
export function verificationLate(dueOn: string | undefined, recordedOn: string): boolean {
  return dueOn !== undefined && recordedOn > dueOn;
}
export function verificationOverdue(state: CommitmentState, today: string): boolean {
  return state.status === 'IN_FORCE' && verificationLate(state.verification?.dueOn, today);
}

export const commitmentStream = (commitmentId: string): string => `commitment-${commitmentId}`;

/**
 * Whether a subject may apply for repair (domain.md §3–4), in one place, decided from this
 * service's own projections of other services' events only. Pure: the caller loads the records,
 * this says yes (with the commitment the application rests on) or throws the refusal naming the
 * rule: a DomainRuleError (422) where the application may be allowed later (the target's event has
 * not arrived, the minimum period has not elapsed, with the earliest date, no commitment signed
 * yet), a StateConflictError (409) where the target's state rules it out for good (out of
 * publicity, withdrawn, exited).
 */
import type { CommitmentClosure, RepairTargetType } from '@credit/contracts';
import { DomainRuleError, minimumPeriodOver, publicityEnded, StateConflictError } from '@credit/credit-rules';

export interface PenaltyRecord {
  id: string;
  subjectKey: string;
  /** PUBLISHED from penalty-published; NOT_PUBLISHED and WITHDRAWN mean it is not in publicity. */
  status: 'PUBLISHED' | 'NOT_PUBLISHED' | 'WITHDRAWN';
  minimumUntil: string | null;
  maximumUntil: string | null;
}

export interface ListEntryRecord {
  id: string;
  subjectKey: string;
  status: 'IN_FORCE' | 'EXITED';
  validUntil: string | null;
}

/** A 信用修复型 commitment (domain.md §6); other types are not projected. */
export interface RepairCommitmentRecord {
  id: string;
  subjectKey: string;
  public: boolean;
  signedOn: string;
  validUntil: string | null;
  outcome: 'FULFILLED' | 'BREACHED' | 'FALSE' | null;
  /** EXPIRED or WITHDRAWN once the accepting unit closed it (commitment-closed); null while not closed. */
  closure: CommitmentClosure | null;
}

export interface EligibilityInput {
  subjectKey: string;
  target: { type: RepairTargetType; id: string };
  /** The target as projected here; null when no event about it has arrived. */
  record: PenaltyRecord | ListEntryRecord | null;
  /** The subject's 信用修复型 commitments, plus the one named by `commitmentId` whoever signed it. */
  commitments: readonly RepairCommitmentRecord[];
  commitmentId?: string;
  /** `YYYY-MM-DD`, Asia/Shanghai. */
  today: string;
}

export const ELIGIBILITY_RULES = {
  targetUnknown: 'repair.target-unknown',
  targetOfAnotherSubject: 'repair.target-not-of-subject',
  penaltyNotInPublicity: 'repair.penalty-not-in-publicity',
  minimumPublicityPeriod: 'repair.minimum-publicity-period',
  listEntryNotInForce: 'repair.list-entry-not-in-force',
  commitmentRequired: 'repair.commitment-required',
} as const;

/** Returns the id of the commitment the application rests on, or throws the first refusal. */
export function checkEligibility(input: EligibilityInput): { commitmentId: string } {
  const { target, record, today } = input;
  const what = target.type === 'PENALTY' ? `penalty ${target.id}` : `list entry ${target.id}`;
  if (record === null) {
    // Eligibility is judged from the events received; the target's may simply not have arrived yet.
    throw new DomainRuleError(`${what} is not known to credit repair (yet): a repair needs a published penalty or a list entry`, {
      rule: ELIGIBILITY_RULES.targetUnknown,
    });
  }
  if (record.subjectKey !== input.subjectKey) {
    throw new DomainRuleError(`${what} does not concern the applying subject`, { rule: ELIGIBILITY_RULES.targetOfAnotherSubject });
  }

  if (target.type === 'PENALTY') {
    const penalty = record as PenaltyRecord;
    // Publicity stops by itself on its maximumUntil (domain.md §3; the window's rule in @credit/credit-rules):
    // nothing is left to repair from that day on. The record is known only once published, never before its decision.
    const inPublicity = penalty.status === 'PUBLISHED' && (penalty.maximumUntil === null || !publicityEnded({ maximumUntil: penalty.maximumUntil }, today));
    if (!inPublicity) {
      throw new StateConflictError(`${what} is not in publicity (${penalty.status === 'PUBLISHED' ? 'its maximum period has ended' : penalty.status}): there is nothing to stop`, {
        rule: ELIGIBILITY_RULES.penaltyNotInPublicity,
      });
    }
    // Repair only after the minimum publicity period (domain.md §3; 信用中国 disables the button until then).
    if (penalty.minimumUntil !== null && !minimumPeriodOver({ minimumUntil: penalty.minimumUntil }, today)) {
      throw new DomainRuleError(
        `the minimum publicity period of ${what} has not elapsed: a repair may be applied for from ${penalty.minimumUntil}`,
        { rule: ELIGIBILITY_RULES.minimumPublicityPeriod, allowedFrom: penalty.minimumUntil },
      );
    }
  } else {
    const entry = record as ListEntryRecord;
    if (entry.status !== 'IN_FORCE' || (entry.validUntil !== null && entry.validUntil < today)) {
      throw new StateConflictError(`${what} is not in force (${entry.status === 'EXITED' ? 'EXITED' : 'expired'}): there is nothing to exit`, {
        rule: ELIGIBILITY_RULES.listEntryNotInForce,
      });
    }
  }

  // A public 信用修复型 commitment, signed by the subject and in force, is a condition (domain.md §4):
  // neither breached nor false, and not ended by its accepting unit (expired or withdrawn).
  const qualifying = input.commitments.filter(
    (c) =>
      c.subjectKey === input.subjectKey &&
      c.public &&
      c.signedOn <= today &&
      (c.validUntil === null || today <= c.validUntil) &&
      c.outcome !== 'BREACHED' &&
      c.outcome !== 'FALSE' &&
      !c.closure,
  );
  const chosen = input.commitmentId === undefined ? qualifying[0] : qualifying.find((c) => c.id === input.commitmentId);
  if (!chosen) {
    const named = input.commitmentId === undefined ? '' : ` (commitment ${input.commitmentId} is not one)`;
    throw new DomainRuleError(
      `no public credit repair commitment (信用修复型承诺) signed by the subject is in force${named}: sign one before applying`,
      { rule: ELIGIBILITY_RULES.commitmentRequired },
    );
  }
  return { commitmentId: chosen.id };
}

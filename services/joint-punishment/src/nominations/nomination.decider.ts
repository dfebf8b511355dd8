/**
 * A nomination for the red or black list (认定发起, domain.md §5): one stream per nomination,
 * `nomination-<id>`, keyed by the nominated subject. The deciding unit submits it with its basis;
 * a reviewer of another department approves (the entry goes in force) or rejects it (nothing is
 * listed), once. Pure: no Nest, no I/O.
 */
import type { NominationReviewedV1, NominationSubmittedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { sameUnit, StateConflictError } from '@credit/credit-rules';

export type NominationEvent =
  | { type: 'joint-punishment.nomination-submitted'; data: NominationSubmittedV1 }
  | { type: 'joint-punishment.nomination-reviewed'; data: NominationReviewedV1 };

export interface Reviewer {
  departmentCode: string;
  user: string;
}

export type NominationCommand =
  | { type: 'SubmitNomination'; data: NominationSubmittedV1 }
  | { type: 'ReviewNomination'; data: { approved: boolean; note: string; reviewer: Reviewer; listEntryId?: string } };

export type NominationStatus = 'PENDING_REVIEW' | 'APPROVED' | 'REJECTED';

export type NominationState =
  | { status: 'NONE' }
  | { status: NominationStatus; nomination: NominationSubmittedV1; review?: NominationReviewedV1 };

export class NominationNotFound extends Error {
  constructor() {
    super('no nomination with this id');
  }
}

/**
 * The nominating department reviewing its own nomination (four eyes): refused as the caller's, 403.
 * A department is its token's `sub`; the `name` claim is a display name any token may carry, so
 * a second token of the same department under another name is the same department.
 */
export class SelfReview extends Error {
  constructor() {
    super('a nomination is reviewed by a department other than the one that submitted it');
  }
}

/** Four eyes: whether the reviewer is the department that submitted the nomination. */
export const isSelfReview = (reviewer: Reviewer, submitter: { departmentCode: string }): boolean => sameUnit(reviewer.departmentCode, submitter.departmentCode);

export const nominationDecider: Decider<NominationCommand, NominationEvent, NominationState> = {
  initialState: () => ({ status: 'NONE' }),

  decide(command, state) {
    switch (command.type) {
      case 'SubmitNomination':
        if (state.status !== 'NONE') throw new Error(`nomination ${command.data.nominationId} already exists`);
        return [{ type: 'joint-punishment.nomination-submitted', data: { ...command.data, basis: { ...command.data.basis, recordIds: [...new Set(command.data.basis.recordIds)] } } }];
      case 'ReviewNomination': {
        if (state.status === 'NONE') throw new NominationNotFound();
        // Who may review comes before what the nomination's state allows.
        if (isSelfReview(command.data.reviewer, state.nomination.submittedBy)) throw new SelfReview();
        // A decision is taken once: waiting will not reopen it (409, not a rule that may later allow it).
        if (state.status !== 'PENDING_REVIEW') {
          throw new StateConflictError(`nomination ${state.nomination.nominationId} was already reviewed (${state.status}); a decision is taken once`, {
            rule: 'nomination.already-reviewed',
          });
        }
        if (command.data.approved && command.data.listEntryId === undefined) throw new Error('an approval names the list entry it puts in force');
        return [
          {
            type: 'joint-punishment.nomination-reviewed',
            data: {
              nominationId: state.nomination.nominationId,
              approved: command.data.approved,
              note: command.data.note,
              ...(command.data.approved && { listEntryId: command.data.listEntryId }),
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'joint-punishment.nomination-submitted':
        return { status: 'PENDING_REVIEW', nomination: event.data };
      case 'joint-punishment.nomination-reviewed':
        return state.status === 'NONE' ? state : { ...state, status: event.data.approved ? 'APPROVED' : 'REJECTED', review: event.data };
      default:
        return state;
    }
  },
};

export const nominationStream = (id: string): string => `nomination-${id}`;

/**
 * A nomination for the red or black list (认定发起, domain.md §5): one stream per nomination,
 * `nomination-<id>`, keyed by the nominated subject. The deciding unit submits it with its basis;
 * a reviewer other than the nominating user approves (the entry goes in force) or rejects it
 * (nothing is listed), once. Pure: no Nest, no I/O.
 */
import type { NominationReviewedV1, NominationSubmittedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/platform';

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

/** The nominating user reviewing their own nomination (four eyes): refused as the caller's, 403. */
export class SelfReview extends Error {
  constructor() {
    super('a nomination is reviewed by someone other than the user who submitted it');
  }
}

export const nominationDecider: Decider<NominationCommand, NominationEvent, NominationState> = {
  initialState: () => ({ status: 'NONE' }),

  decide(command, state) {
    switch (command.type) {
      case 'SubmitNomination':
        if (state.status !== 'NONE') throw new Error(`nomination ${command.data.nominationId} already exists`);
        return [{ type: 'joint-punishment.nomination-submitted', data: { ...command.data, basis: { ...command.data.basis, recordIds: [...new Set(command.data.basis.recordIds)] } } }];
      case 'ReviewNomination': {
        if (state.status === 'NONE') throw new NominationNotFound();
        if (state.status !== 'PENDING_REVIEW') {
          throw new DomainRuleError(`nomination ${state.nomination.nominationId} was already reviewed (${state.status}); a decision is taken once`, {
            rule: 'nomination.already-reviewed',
          });
        }
        const { reviewer } = command.data;
        const submitter = state.nomination.submittedBy;
        if (reviewer.departmentCode === submitter.departmentCode && reviewer.user === submitter.user) throw new SelfReview();
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

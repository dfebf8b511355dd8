/**
 * The credit commitment aggregate (信用承诺, domain.md §6): one stream per commitment,
 * `commitment-<id>`. Pure: no Nest, no I/O. Input arrives checked for shape (codes, real dates);
 * the rules of the commitment itself live here.
 */
import type { CommitmentFulfilmentRecordedV1, CommitmentSignedV1, FulfilmentOutcome } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type CommitmentEvent =
  | { type: 'commitments.commitment-signed'; data: CommitmentSignedV1 }
  | { type: 'commitments.commitment-fulfilment-recorded'; data: CommitmentFulfilmentRecordedV1 };

export type CommitmentCommand =
  | { type: 'SignCommitment'; data: CommitmentSignedV1 }
  | { type: 'RecordFulfilment'; data: CommitmentFulfilmentRecordedV1 };

export type CommitmentState =
  | { status: 'UNKNOWN' }
  | { status: 'IN_FORCE'; signedOn: string; acceptingUnitCode: string }
  | { status: 'DECIDED'; signedOn: string; acceptingUnitCode: string; outcome: FulfilmentOutcome; decidedOn: string };

/** Refusals by a rule of domain.md; the service turns them into 422 with the rule's name. */
export class CommitmentRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
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
        return [{ type: 'commitments.commitment-signed', data: command.data }];
      }
      case 'RecordFulfilment': {
        if (state.status === 'UNKNOWN') throw new CommitmentNotFound();
        // domain.md §6: fulfilment goes into the credit record and feeds grading; a finding is
        // recorded once, so that a breach cannot be counted twice nor silently turned into a fulfilment.
        if (state.status === 'DECIDED') {
          throw new CommitmentRuleViolation(
            'fulfilment-recorded-once',
            `the fulfilment of this commitment was already recorded as ${state.outcome} on ${state.decidedOn}; it is recorded once`,
          );
        }
        if (command.data.decidedOn < state.signedOn) {
          throw new CommitmentRuleViolation('fulfilment-after-signature', `decidedOn ${command.data.decidedOn} is before the signature on ${state.signedOn}`);
        }
        return [{ type: 'commitments.commitment-fulfilment-recorded', data: command.data }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'commitments.commitment-signed':
        return { status: 'IN_FORCE', signedOn: event.data.signedOn, acceptingUnitCode: event.data.acceptingUnit.code };
      case 'commitments.commitment-fulfilment-recorded':
        return state.status === 'UNKNOWN'
          ? state
          : { status: 'DECIDED', signedOn: state.signedOn, acceptingUnitCode: state.acceptingUnitCode, outcome: event.data.outcome, decidedOn: event.data.decidedOn };
      default:
        return state;
    }
  },
};

export const commitmentStream = (commitmentId: string): string => `commitment-${commitmentId}`;

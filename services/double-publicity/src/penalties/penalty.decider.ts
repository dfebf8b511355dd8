/**
 * The penalty record aggregate (行政处罚信息): one stream per record, `penalty-<id>`. Pure: the
 * record arrives checked (codes, dates, categories) with its publicity window already computed by
 * the regime in force on its decision date; a natural person's ID number never reaches this module.
 */
import type {
  PenaltyCorrectedV1,
  PenaltyPublicityWithdrawnV1,
  PenaltyPublishedV1,
  PenaltyRecordedUnpublishedV1,
  PenaltyRepairEligibleV1,
  PenaltyRepairNotedV1,
  PublicityWithdrawalReason,
} from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type PenaltyRecord = PenaltyPublishedV1 | PenaltyRecordedUnpublishedV1;

export type PenaltyEvent =
  | { type: 'double-publicity.penalty-published'; data: PenaltyPublishedV1 }
  | { type: 'double-publicity.penalty-recorded-unpublished'; data: PenaltyRecordedUnpublishedV1 }
  | { type: 'double-publicity.penalty-publicity-withdrawn'; data: PenaltyPublicityWithdrawnV1 }
  | { type: 'double-publicity.penalty-repair-eligible'; data: PenaltyRepairEligibleV1 }
  | { type: 'double-publicity.penalty-corrected'; data: PenaltyCorrectedV1 }
  | { type: 'double-publicity.penalty-repair-noted'; data: PenaltyRepairNotedV1 };

export type PenaltyCommand =
  | { type: 'RecordPenalty'; data: PenaltyRecord }
  | {
      type: 'WithdrawPublicity';
      data: {
        reason: PublicityWithdrawalReason;
        repairApplicationId?: string;
        objectionId?: string;
        document?: string;
        note?: string;
        withdrawnOn: string;
      };
    }
  /** 最短公示期届满提醒 (domain.md §3): once per record, and only while it is in publicity. */
  | { type: 'RemindRepairEligible'; data: { minimumUntil: string; remindedOn: string } }
  /** The corrected record arrives checked and merged (corrections/); no change at all is a no-op. */
  | { type: 'CorrectPenalty'; data: PenaltyCorrectedV1 }
  /**
   * An approved repair of the record: withdrawn from publicity when in it; when it is not (never published,
   * or already out), the repair is noted instead, so that the repair still gets its answer. Once per application.
   */
  | { type: 'ApplyRepair'; data: { repairApplicationId: string; note?: string; on: string } };

export type PenaltyState =
  | { status: 'UNKNOWN' }
  | {
      status: 'RECORDED';
      penaltyId: string;
      sourceUnitCode: string;
      publicity: 'PUBLISHED' | 'NOT_PUBLISHED' | 'WITHDRAWN';
      withdrawal?: { reason: PublicityWithdrawalReason; repairApplicationId?: string; objectionId?: string };
      repairEligibleReminded?: boolean;
      /** Repair applications noted while the record was out of publicity. */
      notedRepairs?: readonly string[];
    };

export class PenaltyAlreadyRecorded extends Error {
  constructor() {
    super('this penalty record already exists');
  }
}

export class PenaltyNotRecorded extends Error {
  constructor() {
    super('no penalty record exists under this id');
  }
}

/** Only a record in publicity can leave it; a withheld or minor record never entered it. */
export class PenaltyNotInPublicity extends Error {
  constructor(readonly publicity: 'NOT_PUBLISHED' | 'WITHDRAWN') {
    super(
      publicity === 'NOT_PUBLISHED'
        ? 'the penalty record was never published, so there is no publicity to withdraw'
        : 'the penalty record has already been withdrawn from publicity',
    );
  }
}

/** A record out of publicity (revoked, repaired, withdrawn, expired) is closed: it is no longer corrected. */
export class PenaltyNotCorrectable extends Error {
  constructor() {
    super('the penalty record has been withdrawn from publicity (revoked, repaired, objection upheld or expired) and can no longer be corrected');
  }
}

export const penaltyDecider: Decider<PenaltyCommand, PenaltyEvent, PenaltyState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordPenalty': {
        if (state.status !== 'UNKNOWN') throw new PenaltyAlreadyRecorded();
        const record = command.data;
        return record.publicity.status === 'PUBLISHED'
          ? [{ type: 'double-publicity.penalty-published', data: record as PenaltyPublishedV1 }]
          : [{ type: 'double-publicity.penalty-recorded-unpublished', data: record as PenaltyRecordedUnpublishedV1 }];
      }
      case 'WithdrawPublicity': {
        if (state.status === 'UNKNOWN') throw new PenaltyNotRecorded();
        const { reason, repairApplicationId, objectionId } = command.data;
        if (state.publicity === 'WITHDRAWN') {
          // The same repair (or revocation, or objection) reaching us again changes nothing: a re-sent command is a no-op.
          const same =
            state.withdrawal?.reason === reason &&
            state.withdrawal.repairApplicationId === repairApplicationId &&
            state.withdrawal.objectionId === objectionId;
          if (same) return [];
          throw new PenaltyNotInPublicity('WITHDRAWN');
        }
        if (state.publicity === 'NOT_PUBLISHED') throw new PenaltyNotInPublicity('NOT_PUBLISHED');
        return [
          {
            type: 'double-publicity.penalty-publicity-withdrawn',
            data: {
              penaltyId: state.penaltyId,
              reason,
              ...(repairApplicationId !== undefined && { repairApplicationId }),
              ...(objectionId !== undefined && { objectionId }),
              ...(command.data.document !== undefined && { document: command.data.document }),
              ...(command.data.note !== undefined && { note: command.data.note }),
              withdrawnOn: command.data.withdrawnOn,
            },
          },
        ];
      }
      case 'RemindRepairEligible': {
        if (state.status === 'UNKNOWN') throw new PenaltyNotRecorded();
        // A second reminder, or one for a record no longer (or never) in publicity, adds nothing.
        if (state.repairEligibleReminded || state.publicity !== 'PUBLISHED') return [];
        return [{ type: 'double-publicity.penalty-repair-eligible', data: { penaltyId: state.penaltyId, ...command.data } }];
      }
      case 'ApplyRepair': {
        if (state.status === 'UNKNOWN') throw new PenaltyNotRecorded();
        const { repairApplicationId, note, on } = command.data;
        if (state.publicity === 'PUBLISHED') {
          return penaltyDecider.decide({ type: 'WithdrawPublicity', data: { reason: 'REPAIR', repairApplicationId, ...(note !== undefined && { note }), withdrawnOn: on } }, state);
        }
        // This repair's own withdrawal, or its note, delivered again: already answered.
        if (state.withdrawal?.reason === 'REPAIR' && state.withdrawal.repairApplicationId === repairApplicationId) return [];
        if (state.notedRepairs?.includes(repairApplicationId)) return [];
        return [
          {
            type: 'double-publicity.penalty-repair-noted',
            data: {
              penaltyId: state.penaltyId,
              repairApplicationId,
              alreadyOutOfPublicity: state.publicity === 'WITHDRAWN' && state.withdrawal ? state.withdrawal.reason : 'NOT_PUBLISHED',
              notedOn: on,
            },
          },
        ];
      }
      case 'CorrectPenalty': {
        if (state.status === 'UNKNOWN') throw new PenaltyNotRecorded();
        if (state.publicity === 'WITHDRAWN') throw new PenaltyNotCorrectable();
        if (command.data.changes.length === 0) return [];
        return [{ type: 'double-publicity.penalty-corrected', data: command.data }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'double-publicity.penalty-published':
      case 'double-publicity.penalty-recorded-unpublished':
        return {
          status: 'RECORDED',
          penaltyId: event.data.penaltyId,
          sourceUnitCode: event.data.sourceUnit.code,
          publicity: event.data.publicity.status,
        };
      case 'double-publicity.penalty-publicity-withdrawn':
        return state.status === 'RECORDED'
          ? {
              ...state,
              publicity: 'WITHDRAWN',
              withdrawal: {
                reason: event.data.reason,
                ...(event.data.repairApplicationId !== undefined && { repairApplicationId: event.data.repairApplicationId }),
                ...(event.data.objectionId !== undefined && { objectionId: event.data.objectionId }),
              },
            }
          : state;
      case 'double-publicity.penalty-repair-eligible':
        return state.status === 'RECORDED' ? { ...state, repairEligibleReminded: true } : state;
      case 'double-publicity.penalty-repair-noted':
        return state.status === 'RECORDED' ? { ...state, notedRepairs: [...(state.notedRepairs ?? []), event.data.repairApplicationId] } : state;
      case 'double-publicity.penalty-corrected':
        // A corrected severity or category can publish a minor record, or withhold a published one.
        return state.status === 'RECORDED' ? { ...state, publicity: event.data.record.publicity.status } : state;
      default:
        return state;
    }
  },
};

export const penaltyStream = (penaltyId: string): string => `penalty-${penaltyId}`;
